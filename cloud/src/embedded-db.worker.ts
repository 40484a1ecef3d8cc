import { parentPort, workerData } from 'node:worker_threads';
import { start, type Logger } from 'embedded-mongo';

/**
 * The embedded database's own thread (see embedded-db-thread.ts). Messages in: 'stop'.
 * Messages out: { uri } once listening, { log } for each log line, { stopped } after a clean stop,
 * { failed } when it could not start.
 */
type Options = { port: number; dbPath?: string };

const port = parentPort;
if (!port) throw new Error('embedded-db.worker must run as a worker thread');
const { port: listenPort, dbPath } = workerData as Options;

// Log extras cross the thread boundary by structured clone: send a plain JSON copy.
const plain = (extra?: object) => (extra ? (JSON.parse(JSON.stringify(extra)) as object) : undefined);
const logger: Logger = {
  info: (msg, extra) => port.postMessage({ log: { level: 'info', msg, extra: plain(extra) } }),
  warn: (msg, extra) => port.postMessage({ log: { level: 'warn', msg, extra: plain(extra) } }),
  error: (msg, extra) => port.postMessage({ log: { level: 'error', msg, extra: plain(extra) } }),
};

start({ port: listenPort, dbPath, logger }).then(
  (server) => {
    port.on('message', (message: unknown) => {
      if (message !== 'stop') return;
      server.stop().then(
        () => port.postMessage({ stopped: true }),
        (err: unknown) => port.postMessage({ stopped: true, error: String(err) }),
      );
    });
    port.postMessage({ uri: server.uri });
  },
  (err: unknown) => port.postMessage({ failed: err instanceof Error ? err.message : String(err) }),
);
