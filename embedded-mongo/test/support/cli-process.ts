import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'embedded-mongo.js');

export interface CliProcess {
  uri: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
}

/** Spawns the real CLI and resolves once it logs its ready line. */
export function spawnCli(args: string[]): Promise<CliProcess> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: 'pipe' });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /ready on (mongodb:\/\/\S+)/.exec(out);
      if (m) resolve({ uri: m[1], child, output: () => out, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    exited.then((code) => reject(new Error(`CLI exited with ${code} before ready:\n${out}`)));
  });
}

export async function kill9(p: CliProcess): Promise<void> {
  p.child.kill('SIGKILL');
  await p.exited;
}

/** Waits (bounded) for a line on stdout/stderr: the two pipes are not ordered relative to each other. */
export async function waitForOutput(p: CliProcess, pattern: RegExp, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(p.output())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
