import { z } from './zod';

export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 20;

export const CURSOR_INVALID_MESSAGE = '分页游标无效，请刷新列表后重试';

/**
 * The one cursor codec for every list. A cursor is the sort key of the last item seen, one
 * part per sort field: an ObjectId (`id`), a non-negative count such as a row number or a
 * ranking tier (`count`), or a time in epoch milliseconds (`time`). Parts are joined by dots,
 * which keeps cursors URL-safe without Buffer (absent in WeChat). Clients treat them as opaque.
 */
export type CursorPart = 'id' | 'count' | 'time';
export type CursorShape = readonly CursorPart[];
type PartValue<P extends CursorPart> = P extends 'id' ? string : number;
export type CursorValues<S extends CursorShape> = { -readonly [K in keyof S]: PartValue<S[K]> };

/** Newest-first or oldest-first lists ordered by _id alone. */
export const ID_CURSOR = ['id'] as const satisfies CursorShape;

// ECMAScript dates span ±8.64e15 ms; anything beyond is not a time a list can be sorted by.
const MAX_TIME_MS = 8.64e15;

function decodePart(part: CursorPart, text: string): string | number | undefined {
  switch (part) {
    case 'id':
      return /^[a-f\d]{24}$/.test(text) ? text : undefined;
    case 'count':
      return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
    case 'time': {
      if (!/^-?\d{1,16}$/.test(text)) return undefined;
      const ms = Number(text);
      return Math.abs(ms) <= MAX_TIME_MS ? ms : undefined;
    }
  }
}

export function encodeCursor<S extends CursorShape>(shape: S, values: CursorValues<S>): string {
  if (values.length !== shape.length) throw new Error('cursor values do not match their shape');
  return values.map(String).join('.');
}

/** The cursor's parts, or undefined when it is not a cursor of this shape. */
export function decodeCursor<S extends CursorShape>(shape: S, raw: string): CursorValues<S> | undefined {
  if (raw.length > 200) return undefined;
  const texts = raw.split('.');
  if (texts.length !== shape.length) return undefined;
  const values: Array<string | number> = [];
  for (let i = 0; i < shape.length; i++) {
    const value = decodePart(shape[i], texts[i]);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values as CursorValues<S>;
}

/**
 * `?cursor=` validated like any other input: a malformed cursor is a 400 with the stable code
 * INVALID_CURSOR (carried in the params for the server's validator), never a 500.
 */
export const cursorParam = <S extends CursorShape>(shape: S) =>
  z.string().refine((raw) => decodeCursor(shape, raw) !== undefined, {
    message: CURSOR_INVALID_MESSAGE,
    params: { errorCode: 'INVALID_CURSOR' },
  });

/** `?cursor=&limit=` on every list endpoint; limit capped at 100. Lists with another sort override `cursor`. */
export const PageQuery = z.object({
  cursor: cursorParam(ID_CURSOR).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** Search results ranked in tiers (name matches first), each tier in _id order: (tier, _id). */
export const RANKED_CURSOR = ['count', 'id'] as const satisfies CursorShape;
export const RankedPageQuery = PageQuery.extend({ cursor: cursorParam(RANKED_CURSOR).optional() });

/** Lists in time order with _id breaking ties, such as events by start: (time, _id). */
export const TIME_CURSOR = ['time', 'id'] as const satisfies CursorShape;
export const TimePageQuery = PageQuery.extend({ cursor: cursorParam(TIME_CURSOR).optional() });

/** Lists in row-number order, such as an import's rows. */
export const ROW_CURSOR = ['count'] as const satisfies CursorShape;
export const RowPageQuery = PageQuery.extend({ cursor: cursorParam(ROW_CURSOR).optional() });

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
