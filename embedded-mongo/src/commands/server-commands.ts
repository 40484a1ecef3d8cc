import { MongoCommandError } from '../errors';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire/message-codec';
import type { CommandHandler, Doc } from './command-context';

export const SERVER_VERSION = '7.0.0';
// 7.0's wire version: inside what the mongodb 7.x driver (min 9) supports.
const MAX_WIRE_VERSION = 21;
const SESSION_TIMEOUT_MINUTES = 30;

/**
 * A standalone server description. No topologyVersion: that keeps the driver on polling
 * heartbeats instead of the streaming (exhaust) protocol.
 */
function helloReply(cmd: Doc, connectionId: number, legacyName: boolean): Doc {
  const reply: Doc = {};
  if (cmd.helloOk === true) reply.helloOk = true;
  if (legacyName) reply.ismaster = true;
  else reply.isWritablePrimary = true;
  return {
    ...reply,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: SESSION_TIMEOUT_MINUTES,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const notSupported =
  (name: string): CommandHandler =>
  () => {
    throw new MongoCommandError(20, `${name} is not supported by embedded-mongo (standalone server)`);
  };

export const serverCommands: Record<string, CommandHandler> = {
  hello: (cmd, ctx) => helloReply(cmd, ctx.connectionId, false),
  isMaster: (cmd, ctx) => helloReply(cmd, ctx.connectionId, true),
  ismaster: (cmd, ctx) => helloReply(cmd, ctx.connectionId, true),
  ping: () => ({ ok: 1 }),
  buildInfo: () => ({
    version: SERVER_VERSION,
    gitVersion: 'embedded-mongo',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['embedded'],
    javascriptEngine: 'none',
    ok: 1,
  }),
  buildinfo: () => serverCommands.buildInfo({}, {} as never),
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  endSessions: (cmd, ctx) => {
    if (Array.isArray(cmd.endSessions)) ctx.sessions?.end(cmd.endSessions);
    return { ok: 1 };
  },
  killSessions: () => ({ ok: 1 }),
  refreshSessions: () => ({ ok: 1 }),
  startSession: () => {
    throw new MongoCommandError(20, 'startSession is not supported by embedded-mongo');
  },
  configureFailPoint: (cmd, ctx) => {
    // Without the test flag mongod does not know the command at all.
    if (!ctx.failPoints) throw new MongoCommandError(59, "no such command: 'configureFailPoint'");
    if (ctx.db !== 'admin') {
      throw new MongoCommandError(13, 'configureFailPoint may only be run against the admin database.');
    }
    return ctx.failPoints.configure(cmd);
  },
  commitTransaction: notSupported('commitTransaction'),
  abortTransaction: notSupported('abortTransaction'),
};
