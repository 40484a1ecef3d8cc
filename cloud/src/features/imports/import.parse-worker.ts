import { parentPort } from 'node:worker_threads';
import { AppError } from '../../errors';
import { readSpreadsheet } from './import.file';
import type { ParseReply, ParseRequest } from './import.parse';

/**
 * The worker thread that reads uploaded spreadsheets (started by import.parse.ts): parsing a
 * large file is seconds of CPU, and here it neither blocks the requests of the main thread nor
 * can its memory grow past the worker's own heap limit.
 */
parentPort?.on('message', (request: ParseRequest) => {
  void readSpreadsheet(Buffer.from(request.file), request.fileName, request.maxRows, request.target).then(
    (file) => parentPort?.postMessage({ id: request.id, file } satisfies ParseReply),
    (err: unknown) => {
      const refusal =
        err instanceof AppError
          ? { status: err.status, code: err.code, message: err.message, details: err.details }
          : null;
      parentPort?.postMessage({
        id: request.id,
        refusal,
        failure: refusal ? undefined : String(err),
      } satisfies ParseReply);
    },
  );
});
