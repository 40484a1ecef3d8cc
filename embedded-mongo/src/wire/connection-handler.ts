import type { Socket } from 'node:net';
import type { CommandContext, Doc } from '../commands/command-context';
import { dispatchCommand } from '../commands/command-dispatcher';
import { releaseFsyncLocksOf } from '../commands/fsync-lock';
import type { Logger } from '../logger';
import { traceSpan, tracing, wallNow } from '../pause-trace';
import type { StorageEngine } from '../storage/storage-engine';
import type { CursorRegistry } from '../commands/cursor-registry';
import type { FailPoints } from '../commands/fail-points';
import type { LocalSessions } from '../commands/local-sessions';
import {
  MAX_MESSAGE_SIZE,
  OP_QUERY,
  ProtocolError,
  SLICED_DECODE_BYTES,
  decodeMessage,
  decodeMessageInSlices,
  type DecodedRequest,
  encodeOpMsg,
  encodeOpReply,
} from './message-codec';

// The longest a large message's decoding holds the event loop before other requests run.
const DECODE_SLICE_MS = 5;

export interface ConnectionDeps {
  engine: StorageEngine;
  cursors: CursorRegistry;
  logger: Logger;
  /** Present only when the server was started with enableTestCommands. */
  failPoints?: FailPoints;
  sessions?: LocalSessions;
}

/**
 * Frames messages off one socket and answers them in order. Anything malformed or oversized
 * closes this connection only; the server keeps running.
 */
export function handleConnection(socket: Socket, connectionId: number, deps: ConnectionDeps): void {
  let buffered: Buffer[] = [];
  let bufferedLength = 0;
  let expected = -1;
  let chain: Promise<void> = Promise.resolve();
  /** Set once the connection is closed for a bad message: requests queued behind it are dropped. */
  let failed = false;
  socket.setNoDelay(true);

  const fail = (reason: string): void => {
    failed = true;
    deps.logger.warn('closing connection', { connectionId, reason, remote: socket.remoteAddress });
    buffered = [];
    bufferedLength = 0;
    socket.destroy();
  };

  socket.on('data', (chunk: Buffer) => {
    buffered.push(chunk);
    bufferedLength += chunk.length;
    while (!socket.destroyed) {
      if (expected < 0) {
        if (bufferedLength < 4) return;
        const head = buffered.length === 1 ? buffered[0] : Buffer.concat(buffered);
        buffered = [head];
        expected = head.readInt32LE(0);
        if (expected < 21 || expected > MAX_MESSAGE_SIZE) {
          fail(`message length ${expected} outside 21..${MAX_MESSAGE_SIZE}`);
          return;
        }
      }
      if (bufferedLength < expected) return;
      const all = buffered.length === 1 ? buffered[0] : Buffer.concat(buffered);
      const msg = all.subarray(0, expected);
      const rest = all.subarray(expected);
      buffered = rest.length ? [rest] : [];
      bufferedLength = rest.length;
      expected = -1;
      const recv = tracing ? wallNow() : 0;
      if (msg.length >= SLICED_DECODE_BYTES) {
        // A large message (a bulk insert) is decoded in slices in its turn on this connection,
        // so that other connections' requests are answered between the slices.
        chain = chain
          .then(async () => {
            if (failed) return;
            let request: DecodedRequest;
            try {
              request = await decodeMessageInSlices(msg, DECODE_SLICE_MS);
              if (tracing) traceSpan({ what: 'decode', start: recv, end: wallNow(), conn: connectionId });
            } catch (err) {
              fail(err instanceof ProtocolError ? err.message : `decode failed: ${(err as Error).message}`);
              return;
            }
            await respond(request, recv);
          })
          .catch((err: Error) => fail(`reply failed: ${err.message}`));
        continue;
      }
      let request: DecodedRequest;
      try {
        request = decodeMessage(msg);
        if (tracing) traceSpan({ what: 'decode', start: recv, end: wallNow(), conn: connectionId });
      } catch (err) {
        fail(err instanceof ProtocolError ? err.message : `decode failed: ${(err as Error).message}`);
        return;
      }
      // Requests on one connection are answered strictly in order; a failure must not stall the chain.
      chain = chain
        .then(() => respond(request, recv))
        .catch((err: Error) => fail(`reply failed: ${err.message}`));
    }
  });

  const respond = async (request: DecodedRequest, recv: number): Promise<void> => {
    if (failed) return;
    const cmd = request.command as Doc;
    const db = request.legacyDb ?? (typeof cmd.$db === 'string' ? cmd.$db : 'test');
    const ctx: CommandContext = {
      engine: deps.engine,
      cursors: deps.cursors,
      db,
      connectionId,
      logger: deps.logger,
      failPoints: deps.failPoints,
      sessions: deps.sessions,
    };
    if (cmd.lsid !== undefined) deps.sessions?.touch(cmd.lsid);
    const fault = deps.failPoints?.check(Object.keys(cmd)[0] ?? '');
    if (fault?.kind === 'close') {
      socket.destroy();
      return;
    }
    let reply: Doc;
    const begun = tracing ? wallNow() : 0;
    try {
      reply = fault ? fault.reply : await dispatchCommand(cmd, ctx);
    } catch (err) {
      reply = { ok: 0, errmsg: (err as Error).message, code: 1, codeName: 'InternalError' };
    }
    if (request.moreToCome || socket.destroyed) return;
    const answered = tracing ? wallNow() : 0;
    try {
      socket.write(
        request.opCode === OP_QUERY
          ? encodeOpReply(request.requestId, reply)
          : encodeOpMsg(request.requestId, reply),
      );
      if (tracing) {
        const what = `cmd:${Object.keys(cmd)[0] ?? ''}`;
        traceSpan({ what, start: begun, end: answered, recv, written: wallNow(), conn: connectionId });
      }
    } catch (err) {
      // e.g. a reply over the BSON limit: report it instead of dropping the connection
      const fallback = {
        ok: 0,
        errmsg: `could not encode reply: ${(err as Error).message}`,
        code: 10334,
        codeName: 'BSONObjectTooLarge',
      };
      socket.write(
        request.opCode === OP_QUERY
          ? encodeOpReply(request.requestId, fallback)
          : encodeOpMsg(request.requestId, fallback),
      );
    }
  };

  socket.on('error', (err) => deps.logger.warn('socket error', { connectionId, error: err.message }));
  socket.on('close', () => releaseFsyncLocksOf(deps, connectionId));
}
