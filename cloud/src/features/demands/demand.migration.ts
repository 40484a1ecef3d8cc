import type { Logger } from '../../logger';
import { AuditModel } from '../audit/audit.model';
import { DemandModel } from './demand.model';

/**
 * Demands marked solved before solvedAt existed get the date they became solved: the last
 * audited change of progress to solved, or, without one (imported, or older than the audit),
 * their last change. Their updatedAt is left alone, so the record's own history is not rewritten;
 * the statistics re-read every demand once under their new counting rule (RULES_VERSION).
 * Idempotent, and cheap once done.
 */
export async function backfillDemandSolvedAt(logger: Logger): Promise<void> {
  const missing = DemandModel.find(
    { progress: 'solved', solvedAt: { $exists: false } },
    { updatedAt: 1, createdAt: 1 },
  )
    .lean()
    .cursor();
  let updated = 0;
  for await (const doc of missing) {
    const marked = await AuditModel.findOne(
      {
        'entity.type': 'demand',
        'entity.id': doc._id,
        action: { $in: ['demand.update', 'demand.create'] },
        'after.progress': 'solved',
      },
      { at: 1 },
    )
      .sort({ _id: -1 })
      .lean();
    const solvedAt = marked?.at ?? doc.updatedAt ?? doc.createdAt;
    if (!solvedAt) continue;
    await DemandModel.updateOne(
      { _id: doc._id, progress: 'solved', solvedAt: { $exists: false } },
      { $set: { solvedAt } },
      { timestamps: false },
    );
    updated++;
  }
  if (updated > 0) logger.info({ updated }, 'demand solved dates backfilled');
}
