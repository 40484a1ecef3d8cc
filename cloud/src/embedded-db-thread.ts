import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from './logger';

export type EmbeddedServer = { uri: string; stop(): Promise<void> };

type WorkerMessage =
  | { uri: string }
  | { log: { level: 'info' | 'warn' | 'error'; msg: string; extra?: object } }
  | { stopped: true; error?: string }
  | { failed: string };

/**
 * Starts the embedded database on a thread of its own. In one thread with the API, every query
 * it answers competes with request handling for the same core; on its own thread a busy door
 * (3,000 check-ins in minutes) uses both cores of the machine. The wire protocol between them is
 * unchanged: mongoose still connects over TCP on loopback, as it would to a real mongod.
 */
export function startEmbeddedOnThread(options: {
  port: number;
  dbPath?: string;
  logger: Logger;
}): Promise<EmbeddedServer> {
  const entry = path.join(__dirname, 'embedded-db.worker' + path.extname(__filename));
  // Under tsx (npm start) the sources are TypeScript: a worker does not inherit the main
  // thread's module hooks, so it registers tsx's loader itself.
  const source = entry.endsWith('.ts')
    ? `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`
    : `require(${JSON.stringify(entry)});`;
  const worker = new Worker(source, {
    eval: true,
    workerData: { port: options.port, dbPath: options.dbPath },
  });
  const log = options.logger;

  let stopping: Promise<void> | null = null;
  let onStopped: (() => void) | null = null;
  return new Promise<EmbeddedServer>((resolve, reject) => {
    let started = false;
    worker.on('message', (message: WorkerMessage) => {
      if ('log' in message) {
        log[message.log.level](message.log.extra ?? {}, `embedded-mongo: ${message.log.msg}`);
      } else if ('uri' in message) {
        started = true;
        resolve({
          uri: message.uri,
          stop: () => {
            stopping ??= new Promise<void>((done) => {
              onStopped = done;
              worker.postMessage('stop');
            }).then(() => worker.terminate().then(() => undefined));
            return stopping;
          },
        });
      } else if ('stopped' in message) {
        if (message.error) log.error({ err: message.error }, 'embedded-mongo: stop failed');
        onStopped?.();
      } else if ('failed' in message) {
        void worker.terminate();
        reject(new Error(`embedded database did not start: ${message.failed}`));
      }
    });
    worker.on('error', (err) => {
      if (!started) return reject(err);
      // The database thread died under a running API: nothing it answers can be trusted now.
      log.fatal({ err }, 'embedded database thread crashed');
      process.exit(1);
    });
    worker.on('exit', (code) => {
      if (!started) reject(new Error(`embedded database thread exited with code ${code}`));
      else if (!stopping) {
        log.fatal({ code }, 'embedded database thread exited unexpectedly');
        process.exit(1);
      }
    });
  });
}
