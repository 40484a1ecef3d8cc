import { Types } from 'mongoose';
import { validation } from '../errors';

/** Opaque cursor for lists sorted by _id descending (newest first). */
export function encodeCursor(id: Types.ObjectId): string {
  return Buffer.from(id.toHexString(), 'hex').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Types.ObjectId | undefined {
  if (!cursor) return undefined;
  const hex = Buffer.from(cursor, 'base64url').toString('hex');
  if (!/^[a-f\d]{24}$/.test(hex))
    throw validation([{ path: 'query.cursor', message: '分页游标无效，请刷新列表' }]);
  return new Types.ObjectId(hex);
}

/** Adds the `_id < cursor` condition; fetch limit + 1 to know whether another page exists. */
export function afterCursor<F extends object>(filter: F, cursor: string | undefined): F {
  const id = decodeCursor(cursor);
  return id ? { ...filter, _id: { $lt: id } } : filter;
}

export function pageFrom<D extends { _id: Types.ObjectId }, V>(
  docs: D[],
  limit: number,
  present: (doc: D) => V,
): { items: V[]; nextCursor: string | null } {
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(present),
    nextCursor: docs.length > limit && last ? encodeCursor(last._id) : null,
  };
}
