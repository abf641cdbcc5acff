import { spawn } from 'node:child_process';

/** A command run in a pseudo-terminal (util-linux `script`), answered prompt by prompt as a user types. */
export async function runInPty(
  command: string,
  cwd: string,
  answers: [RegExp, string][],
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1', TERM: 'dumb' } });
  let raw = '';
  child.stdout.on('data', chunk => (raw += chunk));
  child.stderr.on('data', chunk => (raw += chunk));
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  const plain = () => raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const deadline = Date.now() + timeoutMs;
  try {
    let seen = 0;
    for (const [prompt, keys] of answers) {
      // Each prompt is looked for after the previous answer, so a repeated question is not matched twice.
      for (;;) {
        const match = prompt.exec(plain().slice(seen));
        if (match) {
          seen += match.index + match[0].length;
          break;
        }
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no prompt ${prompt} in:\n${plain()}`);
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      child.stdin.write(keys);
    }
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running:\n${plain()}`)), timeoutMs).unref());
    const code = await Promise.race([exited, timeout]);
    return { code, output: plain() };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
