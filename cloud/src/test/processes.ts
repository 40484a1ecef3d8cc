import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Real processes for the tests and benches that cross process boundaries: the embedded server's
 * CLI and cloud itself, compiled or from the sources, each talking over loopback.
 */

export const repoRoot = path.resolve(__dirname, '../../..');

export type Started = {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of pattern in the process's output (stdout and stderr). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (null after a signal). */
  exited(): Promise<number | null>;
};

export function startProcess(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = output.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = output.match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        void exit.then((code) =>
          reject(new Error(`exited (${code}) before ${pattern}:\n${output.slice(-4000)}`)),
        );
      }),
    exited: () => exit,
  };
}

/** The embedded server as its own process; resolves its mongodb:// URI. */
export async function startEmbeddedProcess(options: { cli: string; dbPath?: string; args?: string[] }) {
  const args = [options.cli, '--port', '0', ...(options.dbPath ? ['--dbpath', options.dbPath] : [])];
  const started = startProcess([...args, ...(options.args ?? [])], {});
  const [, uri] = await started.waitFor(/ready on (mongodb:\/\/\S+)/);
  return { ...started, uri: uri.replace(/\/?$/, '/') };
}

/** Production-like settings for a cloud process on a database the test started. */
export function cloudEnv(mongodbUri: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PORT: '0',
    MONGODB_URI: `${mongodbUri}alliance_hub`,
    SWAP_TOKEN_SECRET: 'a-production-secret-for-the-test',
    H5_DIR: path.join(repoRoot, '.tmp', 'no-h5'),
    LOG_LEVEL: 'info',
    DEMO_DATA: 'false',
    ...extra,
  };
}

/** Starts cloud (args: the script and its loader) and resolves its base URL once it listens. */
export async function startCloudProcess(args: string[], env: NodeJS.ProcessEnv) {
  const started = startProcess(args, env);
  const [, base] = await started.waitFor(/"url":"(http:\/\/[^"]+)"/);
  return { ...started, base };
}

export async function pollUntil(url: string, until: (res: Response) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url).catch(() => null);
    if (res && until(res)) return res;
    if (Date.now() > deadline) throw new Error(`${url}: not there after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
