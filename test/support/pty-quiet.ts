/**
 * Runs a command on a pseudo-terminal through util-linux `script`, answering its prompts like a person: each
 * time the output has been quiet for a moment, the next answer is typed. No native pty module needed.
 */
import { spawn } from 'node:child_process';

export interface PtyRun {
  code: number | null;
  /** Everything the terminal showed, escape sequences removed. */
  screen: string;
  /** The answers typed, in order, with the prompt each answered. */
  typed: { prompt: string; keys: string }[];
}

/** Picks the keys for the prompt on screen (the text since the last answer). */
export type Answerer = (promptText: string) => string;

const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r/g, '');

export function runInPty(command: string, opts: { cwd: string; env: NodeJS.ProcessEnv; answer: Answerer; quietMs?: number; timeoutMs?: number; maxAnswers?: number }): Promise<PtyRun> {
  const { quietMs = 800, timeoutMs = 120_000, maxAnswers = 20 } = opts;
  return new Promise(resolve => {
    // `script` gives its pty no size; a real terminal has one (spinners divide by the width).
    const sized = `stty cols 120 rows 40; exec ${command}`;
    const child = spawn('script', ['-qec', sized, '/dev/null'], { cwd: opts.cwd, env: { TERM: 'xterm', ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let sinceAnswer = '';
    const typed: PtyRun['typed'] = [];
    let quiet: NodeJS.Timeout | undefined;
    const onQuiet = () => {
      if (child.exitCode !== null || typed.length >= maxAnswers || !sinceAnswer.trim()) return;
      const prompt = plain(sinceAnswer);
      const keys = opts.answer(prompt);
      typed.push({ prompt, keys });
      sinceAnswer = '';
      child.stdin.write(keys);
    };
    const onData = (chunk: Buffer) => {
      screen += chunk.toString();
      sinceAnswer += chunk.toString();
      clearTimeout(quiet);
      quiet = setTimeout(onQuiet, quietMs);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', code => {
      clearTimeout(quiet);
      clearTimeout(killer);
      resolve({ code, screen: plain(screen), typed });
    });
  });
}
