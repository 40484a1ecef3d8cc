import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { isIP } from 'node:net';
import { CursorRegistry } from './commands/cursor-registry';
import { FailPoints } from './commands/fail-points';
import { LocalSessions } from './commands/local-sessions';
import { silentLogger, type Logger } from './logger';
import { StorageEngine } from './storage/storage-engine';
import { handleConnection } from './wire/connection-handler';

export interface StartOptions {
  /** 0 or omitted: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Omitted: in-memory, no journal. */
  dbPath?: string;
  /** Required to bind anything but loopback: there is no authentication. */
  allowNonLoopback?: boolean;
  logger?: Logger;
  /** Journal size that triggers snapshot + compaction (default 64 MB). */
  compactThresholdBytes?: number;
  /** Interval of the TTL index sweep (default 60 s). */
  ttlIntervalMs?: number;
  /** How long stop() may spend on the final snapshot and the disk (default 5 s; see StorageOptions). */
  shutdownBudgetMs?: number;
  /**
   * Enables test-only commands, as mongod's `--setParameter enableTestCommands=1`: today
   * `configureFailPoint` with the `failCommand` fail point. Never on by default.
   */
  enableTestCommands?: boolean;
}

export interface RunningServer {
  uri: string;
  port: number;
  host: string;
  stop(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** `<dbPath>/embedded-mongo.json`: the uri and pid of the server running on that directory. */
export const SERVER_FILE = 'embedded-mongo.json';

function writeServerFile(dbPath: string, info: { uri: string; pid: number }): void {
  writeFileSync(join(dbPath, SERVER_FILE), JSON.stringify(info));
}

function removeServerFile(dbPath: string): void {
  rmSync(join(dbPath, SERVER_FILE), { force: true });
}

/** Starts a MongoDB-wire-compatible server; resolves once it is listening. */
export async function start(opts: StartOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? silentLogger;
  if (!isLoopback(host) && !opts.allowNonLoopback) {
    throw new Error(
      `refusing to bind ${host}: embedded-mongo has no authentication; pass allowNonLoopback (CLI: --allow-non-loopback) to expose it`,
    );
  }
  const engine = await StorageEngine.open({
    dbPath: opts.dbPath,
    logger,
    compactThresholdBytes: opts.compactThresholdBytes,
    ttlIntervalMs: opts.ttlIntervalMs,
    shutdownBudgetMs: opts.shutdownBudgetMs,
  });
  const cursors = new CursorRegistry();
  const failPoints = opts.enableTestCommands ? new FailPoints() : undefined;
  const sessions = new LocalSessions();
  const reaper = setInterval(() => cursors.reapIdle(Date.now()), 60_000);
  reaper.unref();
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    handleConnection(socket, nextConnectionId++, { engine, cursors, logger, failPoints, sessions });
  });
  server.on('error', (err) => logger.error('server error', { error: err.message }));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    clearInterval(reaper);
    await engine.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  const uriHost = host.includes(':') ? `[${host}]` : host;
  let stopping: Promise<void> | null = null;
  const uri = `mongodb://${uriHost}:${port}/`;
  // Tells tools on the same machine (npm run backup) where the server of this directory listens.
  if (opts.dbPath) writeServerFile(opts.dbPath, { uri, pid: process.pid });
  return {
    uri,
    port,
    host,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(reaper);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sockets) s.destroy();
        await closed;
        cursors.clear();
        if (opts.dbPath) removeServerFile(opts.dbPath);
        await engine.close();
      })()),
  };
}
