import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ErrorCode, ImportTarget } from '@alliance-hub/types';
import { AppError } from '../../errors';
import type { SpreadsheetFile } from './import.file';

/**
 * Reads uploaded spreadsheets in a worker thread (import.parse-worker.ts), one file at a time.
 * The main thread only waits, so every other request keeps being answered while a large file
 * is read; the worker's heap limit caps what any file can cost, and a worker that dies of it
 * is replaced by the next upload.
 */

export type ParseRequest = {
  id: number;
  file: ArrayBuffer;
  fileName: string;
  maxRows: number;
  target?: ImportTarget;
};
export type ParseReply = {
  id: number;
  file?: SpreadsheetFile;
  refusal?: { status: number; code: ErrorCode; message: string; details?: unknown } | null;
  failure?: string;
};

/** A 50,000-row roster needs ~150 MB while read; a file needing far more is refused, not served. */
const WORKER_HEAP_MB = 512;
/** A file still being read after this long is refused rather than occupying the reader. */
const PARSE_TIMEOUT_MS = 90_000;

const tooComplex = () =>
  new AppError(
    413,
    'PAYLOAD_TOO_LARGE',
    '文件内容过多或结构异常，无法在限定的内存和时间内读取，请删除无关内容或拆分后再上传',
  );

type Pending = { resolve: (file: SpreadsheetFile) => void; reject: (err: Error) => void };

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

function startWorker(): Worker {
  const entry = path.join(__dirname, 'import.parse-worker' + path.extname(__filename));
  // Under tsx (npm start) and jest the sources are TypeScript: the worker registers tsx's
  // loader first, since a worker does not inherit the main thread's module hooks.
  const source = entry.endsWith('.ts')
    ? `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`
    : `require(${JSON.stringify(entry)});`;
  const started = new Worker(source, {
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  started.unref();
  started.on('message', (reply: ParseReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.file) waiting.resolve(reply.file);
    else if (reply.refusal)
      waiting.reject(
        new AppError(reply.refusal.status, reply.refusal.code, reply.refusal.message, reply.refusal.details),
      );
    else waiting.reject(new Error(`spreadsheet worker: ${reply.failure ?? 'no result'}`));
  });
  const lost = (err: Error) => {
    if (worker === started) worker = null;
    const outOfMemory = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(outOfMemory ? tooComplex() : err);
    }
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`spreadsheet worker exited with code ${code}`)));
  return started;
}

function parseOnce(
  buffer: Buffer,
  fileName: string,
  maxRows: number,
  target?: ImportTarget,
): Promise<SpreadsheetFile> {
  worker ??= startWorker();
  const current = worker;
  const id = nextId++;
  // A copy the worker owns: the upload's buffer may share memory with other buffers.
  const copy = new Uint8Array(buffer).buffer;
  return new Promise<SpreadsheetFile>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Give up on this file: the stuck worker is ended and the next upload starts a fresh one.
      void current.terminate();
      const waiting = pending.get(id);
      pending.delete(id);
      waiting?.reject(tooComplex());
    }, PARSE_TIMEOUT_MS);
    timer.unref();
    pending.set(id, {
      resolve: (file) => {
        clearTimeout(timer);
        resolve(file);
      },
      reject: (err) => {
        clearTimeout(timer);
        reject(err);
      },
    });
    current.postMessage({ id, file: copy, fileName, maxRows, target } satisfies ParseRequest, [copy]);
  });
}

/** Reads an uploaded .xlsx or .csv off the main thread; refusals are the same AppErrors as readSpreadsheet's. */
export function parseSpreadsheet(
  buffer: Buffer,
  fileName: string,
  maxRows: number,
  target?: ImportTarget,
): Promise<SpreadsheetFile> {
  // One file at a time: two huge uploads at once must not double the worker's peak.
  const result = queue.then(() => parseOnce(buffer, fileName, maxRows, target));
  queue = result.catch(() => undefined);
  return result;
}

/** Ends the worker (tests and shutdown); the next parse starts a new one. */
export async function stopSpreadsheetWorker(): Promise<void> {
  const current = worker;
  worker = null;
  await current?.terminate();
}
