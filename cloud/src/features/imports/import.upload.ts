import busboy from 'busboy';
import type { Context } from 'koa';
import { AppError, validation } from '../../errors';
import { fileTooLarge } from './import.errors';

export type Upload = { buffer: Buffer; fileName: string; fields: Record<string, string> };

/**
 * Reads a multipart/form-data upload (Taro.uploadFile sends the file in field `file`) into
 * memory, refusing more than maxBytes with a 413 before it is all buffered.
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

  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024 },
      });
    } catch {
      reject(validation([], '上传内容格式有误，请重新选择文件上传'));
      return;
    }
    const chunks: Buffer[] = [];
    const fields: Record<string, string> = {};
    let fileName: string | undefined;
    let tooLarge = false;
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || fileName !== undefined) {
        stream.resume();
        return;
      }
      fileName = info.filename || 'upload';
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooLarge = true;
        chunks.length = 0;
      });
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('error', () => reject(validation([], '上传内容不完整或格式有误，请重新上传')));
    parser.on('close', () => {
      if (tooLarge) reject(fileTooLarge(maxBytes));
      else if (fileName === undefined)
        reject(validation([{ path: 'body.file', message: '请选择要上传的文件' }], '请选择要上传的文件'));
      else resolve({ buffer: Buffer.concat(chunks), fileName, fields });
    });
    ctx.req.pipe(parser);
  });
}
