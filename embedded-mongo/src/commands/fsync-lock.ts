import { MongoCommandError } from '../errors';
import type { CommandContext, CommandHandler, Doc } from './command-context';

/**
 * mongod's fsyncLock: while locked, every write waits (reads go on), so a backup tool reads one
 * consistent state over the wire. One gate per storage engine (one server), counted like mongod's
 * lockCount so nested locks need as many unlocks.
 */
class WriteGate {
  lockCount = 0;
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
  async lock(): Promise<void> {
    this.lockCount++;
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  unlock(): void {
    this.lockCount--;
    if (this.lockCount === 0) for (const resolve of this.unlocked.splice(0)) resolve();
  }
}

const gates = new WeakMap<object, WriteGate>();

export function writeGateOf(ctx: CommandContext): WriteGate {
  let gate = gates.get(ctx.engine);
  if (!gate) gates.set(ctx.engine, (gate = new WriteGate()));
  return gate;
}

export const fsyncCommands: Record<string, CommandHandler> = {
  fsync: async (cmd: Doc, ctx) => {
    if (ctx.db !== 'admin')
      throw new MongoCommandError(13, 'fsync may only be run against the admin database.');
    if (cmd.lock === true || cmd.lock === 1) {
      const gate = writeGateOf(ctx);
      await gate.lock();
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
    gate.unlock();
    return {
      info: gate.lockCount === 0 ? 'fsyncUnlock completed' : 'still locked',
      lockCount: gate.lockCount,
      ok: 1,
    };
  },
};
