import { Types } from 'mongoose';
import type { IntentMatchLeadsQuery, IntentMatchLeadsView } from '@alliance-hub/types';
import { can, type Actor } from '../../policy/policy';
import { MatchFeedbackModel } from '../matching/match-feedback.model';
import { IntentModel, type IntentLean } from './intent.model';
import { intentFacts } from './intent.presenter';

/**
 * The intents that results of one match list led to (已对接 records the intent on the feedback
 * row). Read from the feedback rows rather than the intents' links: an expert's or an
 * enterprise's lead has no demand-achievement pair to find it by.
 */
export async function matchLeads(actor: Actor, query: IntentMatchLeadsQuery): Promise<IntentMatchLeadsView> {
  const rows = await MatchFeedbackModel.find(
    {
      subjectKind: query.subjectKind,
      subjectId: new Types.ObjectId(query.subjectId),
      verdict: 'connected',
      intentId: { $ne: null },
    },
    { targetKind: 1, targetId: 1, intentId: 1 },
  ).lean();
  if (rows.length === 0) return { items: [] };
  const intents = await IntentModel.find(
    { _id: { $in: rows.map((r) => r.intentId!) } },
    { partyOrgIds: 1, ownerId: 1, createdBy: 1, stage: 1, status: 1 },
  ).lean<Array<Pick<IntentLean, '_id' | 'partyOrgIds' | 'ownerId' | 'createdBy' | 'stage' | 'status'>>>();
  const readable = new Map(
    intents
      .filter((doc) => can(actor, 'intent.read', { intent: intentFacts(doc) }))
      .map((doc) => [doc._id.toHexString(), doc]),
  );
  return {
    items: rows.flatMap((row) => {
      const intent = readable.get(row.intentId!.toHexString());
      return intent
        ? [
            {
              targetKind: row.targetKind,
              targetId: row.targetId.toHexString(),
              intentId: intent._id.toHexString(),
              stage: intent.stage,
              status: intent.status,
            },
          ]
        : [];
    }),
  };
}
