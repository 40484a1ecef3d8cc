import type { Types } from 'mongoose';
import type { StaleIntentBrief } from '@alliance-hub/types';

/**
 * The one place 我的待办 and the secretariat's digest ask the intents feature (#14) which intents
 * went cold. Until its `listStaleIntents` lands no intent is stale; wiring it is this function.
 */
export function staleIntents(_filter: { ownerId?: Types.ObjectId }): Promise<StaleIntentBrief[]> {
  return Promise.resolve([]);
}
