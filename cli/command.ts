/** One `farm db <name>` command: its help (usage, flags, examples) beside the code that runs it. */
export interface Command {
  help: string;
  /** Resolves with the exit code. */
  run(args: string[]): Promise<number>;
}
