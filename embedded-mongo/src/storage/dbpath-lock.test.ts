import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDbPathLock } from './dbpath-lock';

function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return null;
  }
}

const onLinux = process.platform === 'linux' ? it : it.skip;

describe('dbPath lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'em-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should refuse a lock held by a running process', () => {
    writeFileSync(join(dir, 'mongod.lock'), `${process.ppid}:`);
    expect(() => acquireDbPathLock(dir)).toThrow(/locked by running process/);
  });

  onLinux('should take over a lock whose owner is a zombie its parent never reaped', async () => {
    // sh starts a child that exits at once, then becomes `sleep`, which never waits for it:
    // the child stays a zombie (state Z) with its pid still in use.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const zombie = await new Promise<number>((resolve) =>
        parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
      );
      for (let i = 0; i < 100 && procState(zombie) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(procState(zombie)).toBe('Z');
      const start = readFileSync(`/proc/${zombie}/stat`, 'utf8');
      const startTime = start.slice(start.lastIndexOf(')') + 2).split(' ')[19];
      writeFileSync(join(dir, 'mongod.lock'), `${zombie}:${startTime}`);
      const release = acquireDbPathLock(dir);
      expect(readFileSync(join(dir, 'mongod.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid}:`));
      release();
      expect(existsSync(join(dir, 'mongod.lock'))).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
