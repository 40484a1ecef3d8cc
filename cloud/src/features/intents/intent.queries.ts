import { Types } from 'mongoose';
import {
  CONTRACT_TYPE_LABELS,
  INTENT_CURSOR,
  INTENT_PARTY_ROLE_LABELS,
  INTENT_STAGE_LABELS,
  INTENT_STAGES,
  INTENT_STATUS_LABELS,
  INTENT_TIME_CURSOR,
  LOST_REASON_LABELS,
  UNKNOWN_FIELD_LABEL,
  INTENT_STATUSES,
  type IntentStatus,
  needsContract,
  type IntentBoardQuery,
  type IntentBoardView,
  type IntentExportQuery,
  type IntentFilterQuery,
  type IntentListQuery,
  type IntentPage,
  type IntentSort,
  type IntentStage,
} from '@alliance-hub/types';
import type { Clock } from '../../lib/clock';
import { lookupNames } from '../../lib/named';
import { encodeCursor, readCursor } from '../../lib/pagination';
import { produce, workbook, type Column, type XlsxStream } from '../../lib/xlsx-stream';
import type { Logger } from '../../logger';
import { can, type Actor } from '../../policy/policy';
import { fieldLabelsByCode } from '../taxonomy/taxonomy.service';
import { IntentModel, columnKey, type IntentLean } from './intent.model';
import { presentContext, presentSummary } from './intent.presenter';

import { isStale, staleFilter } from './intent.stale';
import { staleDays, type StaleDays } from './intent-settings';

type Filter = Record<string, unknown>;
const oid = (id: string) => new Types.ObjectId(id);
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Shanghai calendar year bounds are not needed: `years` holds each stage entry's year. */
function baseFilter(actor: Actor, query: IntentFilterQuery, days: StaleDays, now: Date): Filter {
  const and: Filter[] = [];
  // Members see only the intents their organization is a party to (staff: all of them).
  if (!can(actor, 'intent.readInternal')) and.push({ partyOrgIds: actor.orgId ?? new Types.ObjectId() });
  if (query.mine) and.push({ ownerId: actor.id });
  if (query.ownerId) and.push({ ownerId: oid(query.ownerId) });
  if (query.orgId) and.push({ partyOrgIds: oid(query.orgId) });
  if (query.stage) and.push(columnFilter(query.status, query.stage));
  else if (query.status === 'open') and.push({ status: { $in: ['active', 'on_hold'] } });
  else if (query.status !== 'all') and.push({ status: query.status });
  if (query.field) and.push({ fields: query.field });
  if (query.year) and.push({ years: query.year });
  if (query.q) and.push({ topic: { $regex: escapeRegex(query.q), $options: 'i' } });
  if (query.stale) and.push(staleFilter(days, now));
  if (and.length === 0) return {};
  return and.length === 1 ? and[0] : { $and: and };
}

/** What a card or a table row shows: the histories and links stay in the database. */
const CARD_FIELDS = { stageHistory: 0, statusHistory: 0, links: 0, funding: 0, years: 0 } as const;

const STATUSES_OF: Record<string, readonly IntentStatus[]> = {
  open: ['active', 'on_hold'],
  all: INTENT_STATUSES,
};

const statusesFor = (status: IntentFilterQuery['status']): readonly IntentStatus[] =>
  STATUSES_OF[status] ?? [status as IntentStatus];

/** Status and stage as one clause on the `column` key. */
function columnFilter(status: IntentFilterQuery['status'], stage: IntentStage): Filter {
  const keys = statusesFor(status).map((s) => columnKey(s, stage));
  return { column: keys.length === 1 ? keys[0] : { $in: keys } };
}

const SORT_FIELDS: Record<IntentSort, string> = {
  updatedAt: 'updatedAt',
  stageEnteredAt: 'stageEnteredAt',
  createdAt: 'createdAt',
  amount: 'dealAmount',
  topic: 'topicSort',
};

/** The cursor's number for a row: epoch ms, or the amount in 元 (万元 × 10,000). */
function sortValue(sort: IntentSort, doc: IntentLean): number {
  switch (sort) {
    case 'amount':
      return Math.round(doc.dealAmount * 10_000);
    case 'updatedAt':
      return doc.updatedAt.getTime();
    case 'createdAt':
      return doc.createdAt.getTime();
    case 'stageEnteredAt':
      return doc.stageEnteredAt.getTime();
    case 'topic':
      return 0;
  }
}

const fromSortValue = (sort: IntentSort, value: number) =>
  sort === 'amount' ? value / 10_000 : new Date(value);

/**
 * GET /api/v1/intents. Every sort but `topic` pages by (value, _id); names have no numeric key,
 * so the topic sort pages by offset (a table of intents is hundreds of rows, not millions).
 */
export async function listIntents(actor: Actor, query: IntentListQuery, clock: Clock): Promise<IntentPage> {
  const now = clock();
  const days = await staleDays();
  const filter = baseFilter(actor, query, days, now);
  const dir = query.order === 'asc' ? 1 : -1;
  const field = SORT_FIELDS[query.sort];
  const cursor = readCursor(INTENT_CURSOR, query.cursor);
  const offset = query.sort === 'topic' && cursor ? cursor[0] : 0;
  const page: Filter[] = [filter];
  if (cursor && query.sort !== 'topic') {
    const op = dir === 1 ? '$gt' : '$lt';
    const value = fromSortValue(query.sort, cursor[0]);
    // The plain range (implied by the $or) bounds the sort index walk, as on the board.
    page.push({
      [field]: { [dir === 1 ? '$gte' : '$lte']: value },
      $or: [{ [field]: { [op]: value } }, { [field]: value, _id: { [op]: oid(cursor[1]) } }],
    });
  }
  const docs = await IntentModel.find(page.length === 1 ? filter : { $and: page }, CARD_FIELDS)
    .sort({ [field]: dir, _id: dir })
    .skip(offset)
    .limit(query.limit + 1)
    .lean<IntentLean[]>();
  const items = docs.slice(0, query.limit);
  const ctx = await presentContext(items, now);
  const last = items[items.length - 1];
  const nextValue = (doc: IntentLean) =>
    query.sort === 'topic' ? offset + query.limit : sortValue(query.sort, doc);
  return {
    items: items.map((doc) => presentSummary(actor, doc, ctx)),
    nextCursor:
      docs.length > query.limit && last
        ? encodeCursor(INTENT_CURSOR, [nextValue(last), last._id.toHexString()])
        : null,
  };
}

/**
 * Per column: count, 成交额 total and stale count. One narrow query per column rather than one
 * aggregation over the whole filter: each is answered from the (stage, status) postings, and the
 * amount is summed only where contracts exist (签约 and later).
 */
type Totals = Map<IntentStage, { count: number; staleCount: number; amount: number }>;

/**
 * Column totals, kept TOTALS_TTL_MS per filter in this process: counting a province's columns
 * means visiting every matching intent (neither server counts from an index alone), while the
 * cards on screen are always read fresh. A write through this process clears them at once; a
 * write through another process shows in the totals within the TTL.
 */
const TOTALS_TTL_MS = 15_000;
const TOTALS_MAX = 500;
const totalsCache = new Map<string, { at: number; totals: Promise<Totals> }>();

export function forgetBoardTotals(): void {
  totalsCache.clear();
}

function cachedTotals(
  filter: Filter,
  stages: readonly IntentStage[],
  inColumn: (stage: IntentStage) => Filter,
  staleShown: boolean,
  days: StaleDays,
  now: Date,
) {
  const key = JSON.stringify([filter, stages.map(inColumn), staleShown, days]);
  const hit = totalsCache.get(key);
  const t = Date.now();
  if (hit && t - hit.at < TOTALS_TTL_MS) return hit.totals;
  if (totalsCache.size >= TOTALS_MAX) totalsCache.clear();
  const totals = columnTotals(filter, stages, inColumn, staleShown, days, now);
  totalsCache.set(key, { at: t, totals });
  totals.catch(() => totalsCache.delete(key));
  return totals;
}

async function columnTotals(
  filter: Filter,
  stages: readonly IntentStage[],
  inColumn: (stage: IntentStage) => Filter,
  staleShown: boolean,
  days: StaleDays,
  now: Date,
): Promise<Totals> {
  const stale = staleFilter(days, now) as { status: string; $or: Filter[] };
  const per = await Promise.all(
    stages.map(async (stage) => {
      const column = { $and: [filter, inColumn(stage)] };
      // Stale: active only, with this stage's cutoff (its branch of the stale rule).
      const branch = stale.$or.find((b) => b.stage === stage);
      const [count, staleCount, amount] = await Promise.all([
        IntentModel.countDocuments(column),
        branch && staleShown
          ? IntentModel.countDocuments({
              $and: [
                filter,
                { column: columnKey('active', stage) },
                { stageEnteredAt: branch.stageEnteredAt, $or: branch.$or },
              ],
            })
          : 0,
        needsContract(stage)
          ? IntentModel.aggregate<{ total: number }>([
              { $match: { $and: [filter, inColumn(stage), { dealAmount: { $gt: 0 } }] } },
              { $group: { _id: null, total: { $sum: '$dealAmount' } } },
            ]).then((r) => r[0]?.total ?? 0)
          : 0,
      ]);
      return [stage, { count, staleCount, amount }] as const;
    }),
  );
  return new Map(per);
}

/**
 * GET /api/v1/intents/board: a column per stage, longest in stage first, with its totals.
 * With `stage` (and `cursor`), one column: the next page of it.
 */
export async function intentBoard(
  actor: Actor,
  query: IntentBoardQuery,
  clock: Clock,
): Promise<IntentBoardView> {
  const now = clock();
  const days = await staleDays();
  const { stage, cursor: rawCursor, limit, ...filters } = query;
  // Status and stage go into each column's own clause; the other filters are shared.
  const filter = baseFilter(actor, { ...filters, stage: undefined, status: 'all' }, days, now);
  const inColumn = (s: IntentStage) => columnFilter(filters.status, s);
  const staleShown = statusesFor(filters.status).includes('active');
  const stages = stage ? [stage] : INTENT_STAGES;
  const cursor = readCursor(INTENT_TIME_CURSOR, rawCursor);
  // The $gte is implied by the $or, but as a plain range it bounds the index walk of both
  // servers, so a later page starts at the cursor instead of reading past the cards before it.
  const after = cursor
    ? {
        stageEnteredAt: { $gte: new Date(cursor[0]) },
        $or: [
          { stageEnteredAt: { $gt: new Date(cursor[0]) } },
          { stageEnteredAt: new Date(cursor[0]), _id: { $gt: oid(cursor[1]) } },
        ],
      }
    : null;
  const [pages, totals] = await Promise.all([
    Promise.all(
      stages.map((s) =>
        IntentModel.find({ $and: [filter, inColumn(s), ...(after ? [after] : [])] }, CARD_FIELDS)
          .sort({ stageEnteredAt: 1, _id: 1 })
          .limit(limit + 1)
          .lean<IntentLean[]>(),
      ),
    ),
    cachedTotals(filter, stages, inColumn, staleShown, days, now),
  ]);
  const shown = pages.flatMap((docs) => docs.slice(0, limit));
  const ctx = await presentContext(shown, now);
  return {
    columns: stages.map((s, i) => {
      const docs = pages[i];
      const items = docs.slice(0, limit);
      const last = items[items.length - 1];
      const total = totals.get(s);
      return {
        stage: s,
        count: total?.count ?? 0,
        amountTotal: Math.round((total?.amount ?? 0) * 10_000) / 10_000,
        staleCount: total?.staleCount ?? 0,
        items: items.map((doc) => presentSummary(actor, doc, ctx)),
        nextCursor:
          docs.length > limit && last
            ? encodeCursor(INTENT_TIME_CURSOR, [last.stageEnteredAt.getTime(), last._id.toHexString()])
            : null,
      };
    }),
  };
}

// ---- export --------------------------------------------------------------------------------

const COLUMNS: Column[] = [
  { header: '意向名称', key: 'topic', width: 36 },
  { header: '阶段', key: 'stage', width: 8 },
  { header: '状态', key: 'status', width: 8 },
  { header: '最远阶段', key: 'stageReached', width: 10 },
  { header: '需求方', key: 'demand', width: 28 },
  { header: '供给方', key: 'supply', width: 28 },
  { header: '其他参与方', key: 'others', width: 28 },
  { header: '负责人', key: 'owner', width: 10 },
  { header: '领域', key: 'fields', width: 20 },
  { header: '进入阶段日期', key: 'stageEnteredAt', width: 12 },
  { header: '在此阶段天数', key: 'daysInStage', width: 10 },
  { header: '最近联系', key: 'lastContactAt', width: 12 },
  { header: '停滞', key: 'stale', width: 6 },
  { header: '合同类型', key: 'contractType', width: 16 },
  { header: '成交额（万元）', key: 'amount', width: 12 },
  { header: '技术交易额（万元）', key: 'techAmount', width: 14 },
  { header: '签订日期', key: 'signedAt', width: 12 },
  { header: '登记号', key: 'registrationNo', width: 20 },
  { header: '未成原因', key: 'lostReason', width: 16 },
  { header: '创建日期', key: 'createdAt', width: 12 },
];

const DAY_MS = 24 * 3600_000;
const shanghaiDate = (d: Date | null | undefined) =>
  d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : '';
const BATCH = 200;

/** The table as Excel: the list's filters and sort, every matching row, streamed in batches. */
export function exportIntents(
  actor: Actor,
  query: IntentExportQuery,
  clock: Clock,
  logger: Logger,
): XlsxStream {
  const { stream, book, sheet } = workbook('合作意向', COLUMNS);
  const done = produce(stream, logger, async () => {
    const now = clock();
    const [days, labels] = await Promise.all([staleDays(), fieldLabelsByCode()]);
    const filter = baseFilter(actor, query, days, now);
    const dir = query.order === 'asc' ? 1 : -1;
    const cursor = IntentModel.find(filter, CARD_FIELDS)
      .sort({ [SORT_FIELDS[query.sort]]: dir, _id: dir })
      .batchSize(BATCH)
      .lean<IntentLean[]>()
      .cursor();
    let batch: IntentLean[] = [];
    const flush = async () => {
      const names = await lookupNames({
        orgs: batch.flatMap((d) => d.parties.map((p) => p.organizationId)),
        users: batch.map((d) => d.ownerId),
      });
      // The other parties' column names each one's role (中介方, 投资方) after it.
      const partyNames = (doc: IntentLean, pick: (role: string) => boolean, withRole = false) =>
        doc.parties
          .filter((p) => pick(p.role))
          .map((p) => {
            const name = names.org(p.organizationId)?.name ?? '';
            return withRole ? `${name}（${INTENT_PARTY_ROLE_LABELS[p.role]}）` : name;
          })
          .join('、');
      for (const doc of batch) {
        sheet
          .addRow({
            topic: doc.topic,
            stage: INTENT_STAGE_LABELS[doc.stage],
            status: INTENT_STATUS_LABELS[doc.status],
            stageReached: INTENT_STAGE_LABELS[doc.stageReached],
            demand: partyNames(doc, (r) => r === 'demand'),
            supply: partyNames(doc, (r) => r === 'supply'),
            others: partyNames(doc, (r) => r === 'broker' || r === 'investor', true),
            owner: names.user(doc.ownerId)?.displayName ?? '',
            fields: doc.fields.map((c) => labels.get(c) ?? UNKNOWN_FIELD_LABEL).join('、'),
            stageEnteredAt: shanghaiDate(doc.stageEnteredAt),
            daysInStage: Math.max(0, Math.floor((now.getTime() - doc.stageEnteredAt.getTime()) / DAY_MS)),
            lastContactAt: shanghaiDate(doc.lastContactAt),
            stale: isStale(doc, days, now) ? '是' : '',
            contractType: doc.contract ? CONTRACT_TYPE_LABELS[doc.contract.type] : '',
            amount: doc.contract?.amount ?? '',
            techAmount: doc.contract?.techAmount ?? '',
            signedAt: shanghaiDate(doc.contract?.signedAt),
            registrationNo: doc.contract?.registrationNo ?? '',
            lostReason: doc.lostReason ? LOST_REASON_LABELS[doc.lostReason] : '',
            createdAt: shanghaiDate(doc.createdAt),
          })
          .commit();
      }
      batch = [];
    };
    for await (const doc of cursor as AsyncIterable<IntentLean>) {
      batch.push(doc);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    sheet.commit();
    await book.commit();
  });
  return { stream, done };
}
