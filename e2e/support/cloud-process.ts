import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export type CloudProcess = { baseUrl: string; dataDir: string; stop(): Promise<void> };

/**
 * The real product as a user gets it: cloud as its own process, serving the H5 build, on a
 * free port (PORT=0; the address is read from its log) with a fresh temporary DATA_DIR.
 */
export async function startCloud(env: NodeJS.ProcessEnv = {}): Promise<CloudProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-hub-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(root, 'cloud/src/server.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
        // The browser tests sign in through the dev endpoint, which is off unless turned on.
        AUTH_DEV_LOGIN: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running: a cloud that never said where it listens would outlive the test run.
      child.kill('SIGTERM');
      reject(new Error(`cloud did not start in 60 s:\n${output}`));
    }, 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cloud exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    baseUrl,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
