import busboy from 'busboy';
import type { Context } from 'koa';
import { AppError, validation } from '../../errors';
import { fileTooLarge } from './import.errors';

export type Upload = { buffer: Buffer; fileName: string; fields: Record<string, string> };

const incomplete = () => validation([], '上传内容不完整或格式有误，请重新上传');

/**
 * Reads a multipart/form-data upload (Taro.uploadFile sends the file in field `file`) into
 * memory, refusing more than maxBytes with a 413 as soon as the cap is crossed.
 *
 * Every stream involved gets an 'error' listener: busboy destroys an unfinished file stream
 * with "Unexpected end of file" when a form is cut short, and an 'error' event nobody listens
 * to is thrown outside any request handler, which ends the whole process.
 */
export async function readUpload(ctx: Context, maxBytes: number): Promise<Upload> {
  if (!ctx.is('multipart/form-data')) {
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      '请以 multipart/form-data 上传文件（文件字段名为 file）',
    );
  }
  const declared = Number(ctx.get('Content-Length'));
  // Multipart framing adds a little; far beyond the limit is refused without reading.
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw fileTooLarge(maxBytes);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: ctx.req.headers,
      defParamCharset: 'utf8',
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024 },
    });
  } catch {
    throw validation([], '上传内容格式有误，请重新选择文件上传');
  }

  return new Promise<Upload>((resolve, reject) => {
    const req = ctx.req;
    const chunks: Buffer[] = [];
    const fields: Record<string, string> = {};
    let fileName: string | undefined;
    let done = false;

    const fail = (err: AppError) => {
      if (done) return;
      done = true;
      chunks.length = 0;
      // Stop parsing but keep draining what the client still sends (without storing it), so
      // it can read our 4xx instead of seeing the connection reset mid-upload.
      req.unpipe(parser);
      parser.removeAllListeners('file');
      parser.on('error', () => undefined);
      parser.destroy();
      req.resume();
      reject(err);
    };

    parser.on('file', (name, stream, info) => {
      stream.on('error', () => fail(incomplete()));
      if (name !== 'file' || fileName !== undefined) {
        stream.resume();
        return;
      }
      fileName = info.filename || 'upload';
      stream.on('data', (chunk: Buffer) => {
        if (!done) chunks.push(chunk);
      });
      stream.on('limit', () => fail(fileTooLarge(maxBytes)));
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('error', () => fail(incomplete()));
    parser.on('close', () => {
      if (done) return;
      if (fileName === undefined) {
        fail(validation([{ path: 'body.file', message: '请选择要上传的文件' }], '请选择要上传的文件'));
        return;
      }
      done = true;
      resolve({ buffer: Buffer.concat(chunks), fileName, fields });
    });
    // pipe() does not forward errors: a client that disconnects mid-upload must still settle
    // the promise (nobody reads the answer, but the request must not hang holding the chunks).
    req.on('error', () => fail(incomplete()));
    req.on('close', () => {
      if (!req.complete) fail(incomplete());
    });
    req.pipe(parser);
  });
}
