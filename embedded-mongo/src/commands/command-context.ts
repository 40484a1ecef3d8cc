import { MongoCommandError } from '../errors';
import type { Logger } from '../logger';
import type { StorageEngine } from '../storage/storage-engine';
import type { CursorRegistry } from './cursor-registry';
import type { FailPoints } from './fail-points';
import type { LocalSessions } from './local-sessions';

export type Doc = Record<string, unknown>;

export interface CommandContext {
  engine: StorageEngine;
  cursors: CursorRegistry;
  db: string;
  connectionId: number;
  logger: Logger;
  /** Present only when the server was started with enableTestCommands. */
  failPoints?: FailPoints;
  /** Sessions seen on this server (absent in unit tests that build a context by hand). */
  sessions?: LocalSessions;
}

export type CommandHandler = (cmd: Doc, ctx: CommandContext) => Doc | Promise<Doc>;

/** Reads an int-like option (int32, Long or double) as a JS number. */
export function intOption(v: unknown, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'number' ? v : Number(String(v));
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

export function collectionName(cmd: Doc, command: string): string {
  const name = cmd[command];
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoCommandError(73, `collection name has invalid type ${typeof name}`);
  }
  return name;
}

/**
 * A command's `let` option: constants for `$$name` in `$expr` and pipelines. mongod also evaluates
 * expressions here; embedded-mongo takes the values as given.
 */
export function letVariables(cmd: Doc): Doc | undefined {
  const v = cmd.let;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new MongoCommandError(14, "BSON field 'let' is the wrong type, expected type 'object'");
  }
  return v as Doc;
}

/** Writes and index builds on a view fail as in mongod (166 CommandNotSupportedOnView). */
export function assertNotView(ctx: CommandContext, name: string): void {
  if (ctx.engine.getCollection(ctx.db, name)?.options.viewOn !== undefined) {
    throw new MongoCommandError(166, `Namespace ${ctx.db}.${name} is a view, not a collection`);
  }
}
