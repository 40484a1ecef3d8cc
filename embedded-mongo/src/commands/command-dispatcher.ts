import { MongoCommandError, toCommandError } from '../errors';
import type { CommandContext, CommandHandler, Doc } from './command-context';
import { catalogCommands } from './catalog-commands';
import { fsyncCommands, writeGateOf } from './fsync-lock';
import { readCommands } from './read-commands';
import { serverCommands } from './server-commands';
import { writeCommands } from './write-commands';

const HANDLERS: Record<string, CommandHandler> = {
  ...serverCommands,
  ...catalogCommands,
  ...readCommands,
  ...writeCommands,
  ...fsyncCommands,
};

// Lower-cased lookup: mongod matches some command names case-insensitively (isMaster/ismaster).
const BY_LOWER = new Map(Object.entries(HANDLERS).map(([k, v]) => [k.toLowerCase(), v]));

const MUTATING = new Set([
  'insert',
  'update',
  'delete',
  'findandmodify',
  'create',
  'drop',
  'dropdatabase',
  'createindexes',
  'dropindexes',
  'collmod',
]);

/** Runs one command and returns the reply document, never throwing. */
export async function dispatchCommand(cmd: Doc, ctx: CommandContext): Promise<Doc> {
  const name = Object.keys(cmd)[0] ?? '';
  const handler = HANDLERS[name] ?? BY_LOWER.get(name.toLowerCase());
  try {
    if (!handler) throw new MongoCommandError(59, `no such command: '${name}'`);
    if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined || cmd.autocommit !== undefined) {
      // What a standalone mongod answers to any transaction (or retryable write) attempt.
      throw new MongoCommandError(
        20,
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
    }
    if (!MUTATING.has(name.toLowerCase())) return await handler(cmd, ctx);
    // Writes wait while a backup holds the fsync lock.
    const gate = writeGateOf(ctx);
    await gate.enter();
    try {
      const reply = await handler(cmd, ctx);
      await ctx.engine.flush();
      return reply;
    } finally {
      gate.leave();
    }
  } catch (err) {
    if (MUTATING.has(name.toLowerCase())) {
      // Part of an ordered batch may have been applied before the error: make it durable before replying.
      await ctx.engine.flush().catch(() => undefined);
    }
    const e = toCommandError(err);
    if (!(err instanceof MongoCommandError))
      ctx.logger.warn('command failed', { command: name, error: e.message });
    return { ok: 0, errmsg: e.message, code: e.code, codeName: e.codeName, ...e.extra };
  }
}
