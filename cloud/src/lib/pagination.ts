import { Types } from 'mongoose';
import {
  CURSOR_INVALID_MESSAGE,
  decodeCursor,
  encodeCursor,
  ID_CURSOR,
  type CursorShape,
  type CursorValues,
} from '@alliance-hub/types';
import { AppError } from '../errors';

export { encodeCursor };

export const invalidCursor = () =>
  new AppError(400, 'INVALID_CURSOR', CURSOR_INVALID_MESSAGE, [
    { path: 'query.cursor', message: CURSOR_INVALID_MESSAGE },
  ]);

/**
 * Decodes a `?cursor=` with the shared codec from types/. The query schema has already refused
 * a malformed one; this guards services called with input that did not pass through it.
 */
export function readCursor<S extends CursorShape>(
  shape: S,
  raw: string | undefined,
): CursorValues<S> | undefined {
  if (!raw) return undefined;
  const values = decodeCursor(shape, raw);
  if (!values) throw invalidCursor();
  return values;
}

/** The ObjectId of an `_id`-only cursor. */
export function cursorId(raw: string | undefined): Types.ObjectId | undefined {
  const values = readCursor(ID_CURSOR, raw);
  return values ? new Types.ObjectId(values[0]) : undefined;
}

/** Adds the `_id < cursor` condition (newest first); fetch limit + 1 to know whether another page exists. */
export function afterCursor<F extends object>(filter: F, cursor: string | undefined): F {
  const id = cursorId(cursor);
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
    nextCursor: docs.length > limit && last ? encodeCursor(ID_CURSOR, [last._id.toHexString()]) : null,
  };
}
