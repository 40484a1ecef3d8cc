import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { Cell } from './stat-cells';
import { StatLedgerModel, StatRecordDateModel } from './stat.model';

/**
 * The drill-down's date index (stat_record_dates): for each ledger entry, one document per date
 * its cells count at, holding those cells' keys. The catch-up notes a ledger entry's change here
 * right after the ledger write wins, and writes the batch's notes with the batch.
 *
 * Like the counters, a process dying between the two writes leaves it behind the ledger; unlike
 * them, a reader checks every entry against the ledger it points at (a date the ledger no longer
 * has is skipped), and rebuildStats() or backfillStatRecordDates() writes it again.
 */
type DateOp = AnyBulkWriteOperation<Document>;

const dateId = (ledgerId: string, at: number) => `${ledgerId}@${at}`;

function byDate(cells: readonly Cell[]): Map<number, string[]> {
  const dates = new Map<number, string[]>();
  for (const cell of cells) {
    if (!cell.k || !cell.a) continue;
    const at = new Date(cell.a).getTime();
    const keys = dates.get(at) ?? [];
    keys.push(cell.k);
    dates.set(at, keys);
  }
  return dates;
}

/** The writes turning a ledger entry's dates from `before` into `after`. */
export function recordDateOps(
  ledgerId: string,
  rid: Types.ObjectId,
  before: readonly Cell[],
  after: readonly Cell[],
): DateOp[] {
  const old = byDate(before);
  const next = byDate(after);
  const ops: DateOp[] = [];
  for (const at of old.keys()) {
    if (!next.has(at))
      ops.push({ deleteOne: { filter: { _id: dateId(ledgerId, at) as unknown as Document['_id'] } } });
  }
  for (const [at, ks] of next) {
    if (old.get(at)?.join('\n') === ks.join('\n')) continue;
    const _id = dateId(ledgerId, at) as unknown as Document['_id'];
    const replacement = { l: ledgerId, r: rid, a: new Date(at), ks };
    ops.push(
      old.size === 0
        ? { insertOne: { document: { _id, ...replacement } } }
        : { replaceOne: { filter: { _id }, replacement, upsert: true } },
    );
  }
  return ops;
}

/** Writes noted changes; an insert another process made first is already what it would write. */
export async function writeRecordDates(ops: DateOp[]): Promise<void> {
  if (ops.length === 0) return;
  try {
    await StatRecordDateModel.collection.bulkWrite(ops, { ordered: false });
  } catch (err) {
    const failed = (err as { writeErrors?: Array<{ code?: number }> }).writeErrors;
    const onlyDuplicates = failed?.length ? failed.every((e) => e.code === 11000) : isDuplicateKey(err);
    if (!onlyDuplicates) throw err;
  }
}

/**
 * Writes the date index from the ledger as it stands: for a database counted before the index
 * existed (a migration), and after a rebuild. Upserts only, so it may run beside a catch-up.
 */
export async function backfillStatRecordDates(): Promise<void> {
  let lastId: string | null = null;
  for (;;) {
    const ledgers: Array<{ _id: string; rid: Types.ObjectId; c: Cell[] }> = await StatLedgerModel.find(
      lastId ? { _id: { $gt: lastId } } : {},
      { rid: 1, c: 1 },
    )
      .sort({ _id: 1 })
      .limit(1000)
      .lean<Array<{ _id: string; rid: Types.ObjectId; c: Cell[] }>>();
    if (ledgers.length === 0) return;
    const ops = ledgers.flatMap((l) =>
      recordDateOps(l._id, l.rid, [], l.c).map((op): DateOp => {
        // Upserts, not inserts: an entry the catch-up wrote meanwhile is overwritten with the same.
        if (!('insertOne' in op)) return op;
        const { _id, ...replacement } = op.insertOne.document;
        return { replaceOne: { filter: { _id }, replacement, upsert: true } };
      }),
    );
    await writeRecordDates(ops);
    lastId = ledgers[ledgers.length - 1]._id;
  }
}
