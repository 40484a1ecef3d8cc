import { closeSync, openSync, readFileSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The kernel's start time of a process (Linux), so a lock left by a dead process is not mistaken
 * for one held by an unrelated process that later got the same pid (common after a reboot or in
 * containers). Null where /proc is unavailable.
 */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name in field 2 may contain spaces, so split after ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * True when the process has exited but its parent has not reaped it (state Z in /proc/<pid>/stat):
 * signal 0 still succeeds on a zombie, yet it holds nothing. A server killed with SIGKILL under a
 * parent that never waits (npx under a non-reaping supervisor) stays a zombie.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3 (state) follows the command name, which may contain spaces and ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] === 'Z';
  } catch {
    return false;
  }
}

function lockOwnerAlive(content: string): { alive: boolean; pid: number } {
  const [pidText, startTime] = content.trim().split(':');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || isZombie(pid)) return { alive: false, pid };
  if (startTime && processStartTime(pid) !== null && processStartTime(pid) !== startTime)
    return { alive: false, pid };
  return { alive: true, pid };
}

/**
 * Takes `<dbPath>/mongod.lock` so two processes never open the same data. A lock left by a
 * process that died (kill -9) is taken over, since its pid no longer exists or is a zombie.
 */
export function acquireDbPathLock(dbPath: string): () => void {
  const file = join(dbPath, 'mongod.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}:${processStartTime(process.pid) ?? ''}`);
      fsyncSync(fd);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = lockOwnerAlive(readFileSync(file, 'utf8'));
      if (owner.alive) {
        throw new Error(`dbPath ${dbPath} is locked by running process ${owner.pid} (${file})`);
      }
      try {
        unlinkSync(file);
      } catch {
        // another process removed the stale lock first; retry
      }
    }
  }
  throw new Error(`could not acquire lock ${file}`);
}
