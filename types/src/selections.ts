import { z } from './zod';
import { ObjectIdString, Text } from './common';
import { OrgKind } from './organizations';
import { PageQuery } from './pagination';

/** 点菜式 selection: what a representative ticks at an event. */
export const SELECTION_ITEM_KINDS = ['achievement', 'demand'] as const;
export const SelectionItemKind = z.enum(SELECTION_ITEM_KINDS, { error: '请选择成果或需求' });
export type SelectionItemKind = z.infer<typeof SelectionItemKind>;
export const SELECTION_ITEM_KIND_LABELS: Record<SelectionItemKind, string> = {
  achievement: '科技成果',
  demand: '技术需求',
};

export const SELECTION_NOTE_MAX = 60;

/**
 * POST /api/v1/events/:id/selections. Idempotent per (person, item, event): ticking again
 * returns the same selection (200 instead of 201) and replaces the note when one is sent.
 */
export const SelectionCreateBody = z.strictObject({
  itemKind: SelectionItemKind,
  itemId: ObjectIdString,
  /** One line, e.g. "想了解量产成本". */
  note: Text(SELECTION_NOTE_MAX).optional(),
});
export type SelectionCreateBody = z.input<typeof SelectionCreateBody>;
export type SelectionCreateInput = z.output<typeof SelectionCreateBody>;

/** PATCH /api/v1/events/:id/selections/:selectionId — coordinators mark a lead handled. */
export const SelectionUpdateBody = z.strictObject({ handled: z.boolean({ error: '请说明是否已处理' }) });
export type SelectionUpdateBody = z.infer<typeof SelectionUpdateBody>;

/**
 * GET /api/v1/events/:id/selections: the event's staff see every selection (the work list);
 * anyone else sees their own ticks.
 */
export const SelectionListQuery = PageQuery.extend({
  handled: z.enum(['yes', 'no']).optional(),
  itemKind: SelectionItemKind.optional(),
}).strict();
export type SelectionListQuery = z.infer<typeof SelectionListQuery>;

export const SelectionView = z.object({
  id: z.string(),
  event: z.object({ id: z.string(), title: z.string() }),
  item: z.object({
    kind: SelectionItemKind,
    id: z.string(),
    title: z.string(),
    owner: z.object({ id: z.string(), name: z.string() }),
  }),
  person: z.object({ id: z.string(), name: z.string(), title: z.string().nullable() }),
  organization: z.object({ id: z.string(), name: z.string(), kind: OrgKind }).nullable(),
  note: z.string().nullable(),
  handled: z.boolean(),
  handledAt: z.string().nullable(),
  handledBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
});
export type SelectionView = z.infer<typeof SelectionView>;

export const SelectionPage = z.object({ items: z.array(SelectionView), nextCursor: z.string().nullable() });
export type SelectionPage = z.infer<typeof SelectionPage>;

/**
 * 我感兴趣 outside an event: `POST /api/v1/achievements/:id/interest` (or `/demands/:id/interest`).
 * Idempotent per (person, item): expressing it again answers 200 with the same lead and replaces
 * the note when one is sent. Each becomes a lead on the staff's event-less work list and counts
 * towards the item's interest counts, like a 点菜 tick.
 */
export const InterestCreateBody = z.strictObject({ note: Text(SELECTION_NOTE_MAX).optional() });
export type InterestCreateBody = z.input<typeof InterestCreateBody>;
export type InterestCreateInput = z.output<typeof InterestCreateBody>;

/** `GET /api/v1/interests`: staff see every event-less lead; anyone else their own (`itemId`: one item). */
export const InterestListQuery = PageQuery.extend({
  handled: z.enum(['yes', 'no']).optional(),
  itemKind: SelectionItemKind.optional(),
  itemId: ObjectIdString.optional(),
}).strict();
export type InterestListQuery = z.infer<typeof InterestListQuery>;

/** A lead without an event: a selection's shape minus the event. */
export const InterestView = SelectionView.omit({ event: true });
export type InterestView = z.infer<typeof InterestView>;
export const InterestPage = z.object({ items: z.array(InterestView), nextCursor: z.string().nullable() });
export type InterestPage = z.infer<typeof InterestPage>;
