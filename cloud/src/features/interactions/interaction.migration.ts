import type { Logger } from '../../logger';
import { InteractionModel, timeKeysFor } from './interaction.model';

/**
 * Interactions stored before timelines existed have no month keys; without them the timeline's
 * recent-months lookup would skip them. Idempotent, and cheap once done (an indexed empty query).
 */
export async function backfillInteractionTimeKeys(logger: Logger): Promise<void> {
  const missing = InteractionModel.find({ timeKeys: { $size: 0 } }, { at: 1, orgIds: 1, personIds: 1 })
    .lean()
    .cursor();
  let updated = 0;
  for await (const doc of missing) {
    const keys = timeKeysFor(doc);
    if (keys.length === 0) continue;
    await InteractionModel.updateOne({ _id: doc._id }, { $set: { timeKeys: keys } }, { timestamps: false });
    updated++;
  }
  if (updated > 0) logger.info({ updated }, 'interaction month keys backfilled');
}
