import { Types } from 'mongoose';
import {
  InteractionCreateBody,
  type InteractionBatchResult,
  type InteractionBatchView,
  type InteractionCreateInput,
} from '@alliance-hub/types';
import { AppError } from '../../errors';
import type { Clock } from '../../lib/clock';
import { can, type Actor } from '../../policy/policy';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { InteractionModel, timeKeysFor } from './interaction.model';
import { logInteraction } from './interaction.service';

type Id = Types.ObjectId;
const oid = (id: string) => new Types.ObjectId(id);
const hex = (id: Id) => id.toHexString();

const rejected = (
  clientId: string,
  status: number,
  code: string,
  message: string,
  details?: unknown,
): InteractionBatchResult => ({
  clientId,
  outcome: 'rejected',
  id: null,
  followUpTaskId: null,
  error: { status, code, message, ...(details === undefined ? {} : { details }) },
});

/** The single-write path, answered as a batch result: what it refuses becomes this item's refusal. */
async function one(
  actor: Actor,
  input: InteractionCreateInput,
  clock: Clock,
): Promise<InteractionBatchResult> {
  try {
    const { created, interaction } = await logInteraction(actor, input, clock);
    return {
      clientId: input.clientId,
      outcome: created ? 'created' : 'existing',
      id: interaction.id,
      followUpTaskId: interaction.followUpTaskId,
      error: null,
    };
  } catch (err) {
    // A 5xx stays an error of the whole request: the outbox keeps every item and retries later.
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return rejected(input.clientId, err.status, err.code, err.message, err.details);
  }
}

/** What plain logs need looked up, fetched once for the whole batch rather than per item. */
async function lookups(inputs: InteractionCreateInput[]) {
  const personIds = [...new Set(inputs.flatMap((i) => i.participants.personIds))].map(oid);
  const people = personIds.length
    ? await PersonModel.find({ _id: { $in: personIds } }, { orgId: 1 }).lean()
    : [];
  const orgOf = new Map(people.map((p) => [hex(p._id), p.orgId ?? null]));
  const orgIds = [
    ...new Set([
      ...inputs.flatMap((i) => i.participants.orgIds),
      ...people.flatMap((p) => (p.orgId ? [hex(p.orgId)] : [])),
    ]),
  ].map(oid);
  const orgs = orgIds.length ? await OrganizationModel.find({ _id: { $in: orgIds } }, { _id: 1 }).lean() : [];
  return { orgOf, orgExists: new Set(orgs.map((o) => hex(o._id))) };
}

/**
 * The outbox's queued logs in one request, in the order sent, each stored exactly once by its
 * clientId. Plain logs (no follow-up, no links) are checked against one lookup of the people and
 * organizations named and inserted together; a log with a follow-up or links, a clientId seen
 * twice, or any insert that fails, goes through the single-write path, which is idempotent, so
 * the outcome is the same as sending the items one by one, with a fraction of the round trips.
 */
export async function logInteractionBatch(
  actor: Actor,
  items: Array<Record<string, unknown>>,
  clock: Clock,
): Promise<InteractionBatchView> {
  const now = clock();
  const parsed = items.map((raw) => InteractionCreateBody.safeParse(raw));
  const inputs = parsed.flatMap((p) => (p.success ? [p.data] : []));
  const stored = await InteractionModel.find(
    { clientId: { $in: inputs.map((i) => i.clientId) } },
    { clientId: 1 },
  ).lean();
  const known = new Set(stored.map((d) => d.clientId));
  const seen = new Set<string>();
  const isPlain = (input: InteractionCreateInput) => {
    const plain =
      !known.has(input.clientId) &&
      !seen.has(input.clientId) &&
      !input.followUp &&
      Object.values(input.links).every((v) => !v);
    seen.add(input.clientId);
    return plain;
  };
  const plainFlags = parsed.map((p) => (p.success ? isPlain(p.data) : false));
  const { orgOf, orgExists } = await lookups(
    parsed.flatMap((p, i) => (p.success && plainFlags[i] ? [p.data] : [])),
  );

  const results: InteractionBatchResult[] = [];
  let run: Array<{ input: InteractionCreateInput; doc: Record<string, unknown>; at: number }> = [];

  const flush = async () => {
    if (run.length === 0) return;
    const pending = run;
    run = [];
    try {
      const made = await InteractionModel.insertMany(
        pending.map((p) => p.doc),
        { ordered: true },
      );
      made.forEach((doc, k) => {
        results[pending[k].at] = {
          clientId: pending[k].input.clientId,
          outcome: 'created',
          id: hex(doc._id),
          followUpTaskId: null,
          error: null,
        };
      });
    } catch {
      // A concurrent retry won a clientId (or anything else went wrong part-way): the single
      // path finds what was stored and stores what was not, one by one.
      for (const p of pending) results[p.at] = await one(actor, p.input, clock);
    }
  };

  for (const [at, p] of parsed.entries()) {
    if (!p.success) {
      const raw = items[at];
      const issue = p.error.issues[0];
      results[at] = rejected(
        typeof raw.clientId === 'string' ? raw.clientId : '',
        400,
        'VALIDATION_FAILED',
        issue?.message ?? '请检查输入',
        p.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
      );
      continue;
    }
    const input = p.data;
    if (!plainFlags[at]) {
      await flush();
      results[at] = await one(actor, input, clock);
      continue;
    }
    const when = input.at ? new Date(input.at) : now;
    if (when.getTime() > now.getTime() + 10 * 60_000) {
      results[at] = rejected(input.clientId, 400, 'VALIDATION_FAILED', '互动时间不能晚于现在');
      continue;
    }
    const personIds = [...new Set(input.participants.personIds)];
    if (personIds.some((id) => !orgOf.has(id))) {
      results[at] = rejected(input.clientId, 400, 'VALIDATION_FAILED', '有参与人不在名录中，请重新选择');
      continue;
    }
    const orgHex = [
      ...new Set([
        ...input.participants.orgIds,
        ...personIds.flatMap((id) => {
          const org = orgOf.get(id);
          return org ? [hex(org)] : [];
        }),
      ]),
    ];
    if (orgHex.some((id) => !orgExists.has(id))) {
      results[at] = rejected(input.clientId, 400, 'VALIDATION_FAILED', '有单位不在名录中，请重新选择');
      continue;
    }
    const orgIds = orgHex.map(oid);
    if (!can(actor, 'interaction.create', { interaction: { orgIds, visibility: input.visibility } })) {
      results[at] = rejected(
        input.clientId,
        403,
        'FORBIDDEN',
        '成员单位只能记录与本单位有关的互动，请在参与单位中选择本单位',
      );
      continue;
    }
    const ids = personIds.map(oid);
    run.push({
      input,
      at,
      doc: {
        type: input.type,
        at: when,
        personIds: ids,
        orgIds,
        unlisted: input.participants.unlisted,
        notes: input.note,
        visibility: input.visibility,
        createdBy: actor.id,
        clientId: input.clientId,
        timeKeys: timeKeysFor({ at: when, orgIds, personIds: ids }),
      },
    });
  }
  await flush();
  return { results };
}
