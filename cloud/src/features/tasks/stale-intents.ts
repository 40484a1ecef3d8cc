import type { Types } from 'mongoose';
import type { StaleIntentBrief } from '@alliance-hub/types';
import { listStaleIntents } from '../intents/intent.stale';

/**
 * The one place 我的待办 and the secretariat's digest ask the intents feature (#14) which intents
 * went cold (active, no logged contact for the stage's number of days), in 我的待办's shape.
 */
export async function staleIntents(
  filter: { ownerId?: Types.ObjectId; limit?: number },
  now: Date,
): Promise<StaleIntentBrief[]> {
  const found = await listStaleIntents(filter, now);
  return found.map((intent) => ({
    id: intent.id,
    topic: intent.topic,
    stage: intent.stage,
    ownerId: intent.ownerId,
    // Older builds of the intents feature did not say when; the days silent still do.
    lastContactAt: (intent as Partial<{ lastContactAt: string | null }>).lastContactAt ?? null,
    daysSilent: intent.daysSilent,
  }));
}
