import { MongoCommandError } from '../errors';
import type { CommandContext, CommandHandler, Doc } from './command-context';

/**
 * mongod's fsyncLock: while locked, every write waits (reads go on), so a backup tool reads one
 * consistent state over the wire. One gate per storage engine (one server), counted like mongod's
 * lockCount so nested locks need as many unlocks.
 */
class WriteGate {
  lockCount = 0;
  /** Locks taken per connection, so a backup tool that dies holding one does not stop writes forever. */
  private readonly holders = new Map<number, number>();
  private inFlight = 0;
  private drained: Array<() => void> = [];
  private unlocked: Array<() => void> = [];

  /** Waits while the gate is locked, then counts the write as in flight until `leave()`. */
  async enter(): Promise<void> {
    while (this.lockCount > 0) await new Promise<void>((resolve) => this.unlocked.push(resolve));
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  /** Locks, then resolves once the writes that were already running have finished. */
  async lock(connectionId: number): Promise<void> {
    this.lockCount++;
    this.holders.set(connectionId, (this.holders.get(connectionId) ?? 0) + 1);
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /** Like mongod, any connection may unlock: a driver's pool may send it on another one. */
  unlock(connectionId: number): void {
    const holder = this.holders.has(connectionId) ? connectionId : this.holders.keys().next().value;
    if (holder !== undefined) {
      const left = (this.holders.get(holder) ?? 1) - 1;
      if (left > 0) this.holders.set(holder, left);
      else this.holders.delete(holder);
    }
    this.lockCount--;
    if (this.lockCount === 0) for (const resolve of this.unlocked.splice(0)) resolve();
  }

  /** Drops the locks of a closed connection; returns how many it held. */
  releaseHeldBy(connectionId: number): number {
    const held = this.holders.get(connectionId) ?? 0;
    for (let i = 0; i < held; i++) this.unlock(connectionId);
    return held;
  }
}

const gates = new WeakMap<object, WriteGate>();

export function writeGateOf(ctx: Pick<CommandContext, 'engine'>): WriteGate {
  let gate = gates.get(ctx.engine);
  if (!gate) gates.set(ctx.engine, (gate = new WriteGate()));
  return gate;
}

/**
 * Unlike mongod, whose lock outlives the connection, a connection that closes gives its locks
 * back: a backup killed halfway must not leave the dev database refusing every write.
 */
export function releaseFsyncLocksOf(
  ctx: Pick<CommandContext, 'engine' | 'logger'>,
  connectionId: number,
): void {
  const released = gates.get(ctx.engine)?.releaseHeldBy(connectionId) ?? 0;
  if (released > 0) ctx.logger.warn('fsync lock released by a closed connection', { connectionId, released });
}

export const fsyncCommands: Record<string, CommandHandler> = {
  fsync: async (cmd: Doc, ctx) => {
    if (ctx.db !== 'admin')
      throw new MongoCommandError(13, 'fsync may only be run against the admin database.');
    if (cmd.lock === true || cmd.lock === 1) {
      const gate = writeGateOf(ctx);
      await gate.lock(ctx.connectionId);
      await ctx.engine.flush();
      return {
        info: 'now locked against writes, use db.fsyncUnlock() to unlock',
        lockCount: gate.lockCount,
        ok: 1,
      };
    }
    await ctx.engine.flush();
    return { numFiles: 1, ok: 1 };
  },
  fsyncUnlock: (_cmd, ctx) => {
    if (ctx.db !== 'admin')
      throw new MongoCommandError(13, 'fsyncUnlock may only be run against the admin database.');
    const gate = writeGateOf(ctx);
    if (gate.lockCount === 0) throw new MongoCommandError(125, 'fsyncUnlock called when not locked');
    gate.unlock(ctx.connectionId);
    return {
      info: gate.lockCount === 0 ? 'fsyncUnlock completed' : 'still locked',
      lockCount: gate.lockCount,
      ok: 1,
    };
  },
};
