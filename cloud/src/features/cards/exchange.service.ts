import type { Types } from 'mongoose';
import type { CardRequestView, SwapResultView } from '@alliance-hub/types';
import { AppError, conflict, notFound } from '../../errors';
import { isDuplicateKey, retryOnDuplicate } from '../../lib/mongo-errors';
import { can, type Actor } from '../../policy/policy';
import { InteractionModel } from '../interactions/interaction.model';
import { PersonModel } from '../people/person.model';
import { UserModel } from '../users/user.model';
import { CardRequestModel } from './card-request.model';
import { ensurePerson } from './card.service';
import { getContactOf } from './contact.service';
import { ContactModel } from './contact.model';
import { currentEventFor } from './current-event';
import { SwapTokenModel } from './swap-token.model';
import { verifySwapToken } from './swap-token';

type Party = { userId: Types.ObjectId; personId: Types.ObjectId };

const tokenError = {
  invalid: () => new AppError(400, 'SWAP_TOKEN_INVALID', '无法识别这个名片二维码，请对方刷新后再扫'),
  expired: () => new AppError(410, 'SWAP_TOKEN_EXPIRED', '名片二维码已过期，请对方刷新后再扫'),
  used: () => new AppError(409, 'SWAP_TOKEN_USED', '这个名片二维码已被使用，请对方刷新后再扫'),
};

/** One side's record of the other; re-exchanging after a removal shows the contact again. */
async function keepContact(
  owner: Party,
  other: Party,
  via: 'scan' | 'request',
  eventId: Types.ObjectId | null,
  at: Date,
) {
  const result = await retryOnDuplicate(() =>
    ContactModel.updateOne(
      { ownerUserId: owner.userId, personId: other.personId },
      {
        $setOnInsert: {
          ownerPersonId: owner.personId,
          exchangedAt: at,
          via,
          ...(eventId ? { eventId } : {}),
        },
        $unset: { hiddenAt: 1 },
      },
      // No timestamps: an updatedAt write would count as a change and report a new exchange.
      { upsert: true, timestamps: false },
    ),
  );
  return result.upsertedCount === 1 || result.modifiedCount === 1;
}

/**
 * Both sides get each other's card, and the alliance records who met whom once per pair.
 * Every write is an upsert on a natural key, so a retry or a double scan changes nothing.
 */
async function exchangeCards(scanner: Party, holder: Party, via: 'scan' | 'request'): Promise<boolean> {
  const at = new Date();
  const event = (await currentEventFor(scanner.userId)) ?? (await currentEventFor(holder.userId));
  const eventId = event?._id ?? null;
  const created = await keepContact(scanner, holder, via, eventId, at);
  await keepContact(holder, scanner, via, eventId, at);
  const pair = [scanner.personId.toHexString(), holder.personId.toHexString()].sort();
  const people = await PersonModel.find(
    { _id: { $in: [scanner.personId, holder.personId] } },
    { orgId: 1 },
  ).lean();
  try {
    await InteractionModel.create({
      type: 'card_exchange',
      at,
      personIds: [scanner.personId, holder.personId],
      orgIds: people.flatMap((p) => (p.orgId ? [p.orgId] : [])),
      ...(eventId ? { eventId } : {}),
      createdBy: scanner.userId,
      clientId: `card_exchange:${pair.join(':')}`,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return created;
}

async function activeHolder(userId: Types.ObjectId) {
  const holder = await UserModel.findById(userId, { status: 1 }).lean();
  if (!holder || holder.status !== 'active') {
    throw new AppError(410, 'ACCOUNT_DISABLED', '对方账号已停用，无法交换名片');
  }
}

export async function swapCards(actor: Actor, token: string, secret: string): Promise<SwapResultView> {
  const nonce = verifySwapToken(token, secret);
  if (!nonce) throw tokenError.invalid();
  const doc = await SwapTokenModel.findOne({ nonce }).lean();
  if (!doc) throw tokenError.invalid();
  if (doc.userId.equals(actor.id))
    throw new AppError(400, 'VALIDATION_FAILED', '这是你自己的名片，请让对方扫码');
  await activeHolder(doc.userId);
  const scanner: Party = { userId: actor.id, personId: await ensurePerson(actor) };
  const holder: Party = { userId: doc.userId, personId: doc.personId };

  // Claim the token: single use, so a screenshot passed around cannot collect cards.
  const claimed = await SwapTokenModel.updateOne(
    { nonce, usedAt: { $exists: false }, expiresAt: { $gt: new Date() } },
    { $set: { usedAt: new Date(), usedByUserId: actor.id } },
  );
  if (claimed.modifiedCount === 0) {
    const now = await SwapTokenModel.findOne({ nonce }).lean();
    // A second scan by the same person (double tap, retried request) is the same swap.
    if (!now?.usedByUserId?.equals(actor.id)) throw now?.usedAt ? tokenError.used() : tokenError.expired();
  }
  const created = await exchangeCards(scanner, holder, 'scan');
  return { created, contact: await getContactOf(actor, holder.personId) };
}

// ---- "request a card" -------------------------------------------------------------------

async function presentRequest(id: Types.ObjectId | string): Promise<CardRequestView> {
  const request = await CardRequestModel.findById(id).lean();
  if (!request) throw notFound('名片请求');
  const people = await PersonModel.find(
    { _id: { $in: [request.fromPersonId, request.toPersonId] } },
    { name: 1, orgId: 1 },
  )
    .populate<{ orgId: { name: string } | null }>('orgId', 'name')
    .lean();
  const brief = (id: Types.ObjectId) => {
    const p = people.find((x) => x._id.equals(id));
    return {
      personId: id.toHexString(),
      name: p?.name ?? '（已删除）',
      organization: p?.orgId?.name ?? null,
    };
  };
  return {
    id: request._id.toHexString(),
    status: request.status,
    from: brief(request.fromPersonId),
    to: brief(request.toPersonId),
    message: request.message ?? null,
    createdAt: (request as { createdAt?: Date }).createdAt?.toISOString() ?? new Date(0).toISOString(),
  };
}

export async function requestCard(
  actor: Actor,
  toPersonId: string,
  message: string | undefined,
): Promise<CardRequestView> {
  const fromPersonId = await ensurePerson(actor);
  if (fromPersonId.equals(toPersonId)) throw new AppError(400, 'VALIDATION_FAILED', '不能向自己索要名片');
  const target = await UserModel.findOne({ personId: toPersonId, status: 'active' }, { _id: 1 }).lean();
  if (!target) {
    // Someone in the directory without an account cannot answer a request; say so instead of
    // "not found", which read as if the person had been deleted.
    if (!(await PersonModel.exists({ _id: toPersonId }))) throw notFound('人员');
    throw new AppError(
      409,
      'PERSON_HAS_NO_ACCOUNT',
      '对方还没有开通联盟通账号，暂时无法索要名片。可在联盟活动现场当面交换，或请秘书处协助联系。',
    );
  }
  const already = await ContactModel.exists({
    ownerUserId: actor.id,
    personId: toPersonId,
    hiddenAt: { $exists: false },
  });
  if (already) throw conflict('你们已经交换过名片');
  try {
    const created = await CardRequestModel.create({
      fromUserId: actor.id,
      fromPersonId,
      toPersonId,
      message,
    });
    return presentRequest(created._id);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Asking twice is the same request.
    const pending = await CardRequestModel.findOne(
      { fromUserId: actor.id, toPersonId, status: 'pending' },
      { _id: 1 },
    ).lean();
    if (!pending) throw err;
    return presentRequest(pending._id);
  }
}

export async function listCardRequests(
  actor: Actor,
  box: 'incoming' | 'outgoing',
): Promise<CardRequestView[]> {
  if (box === 'incoming' && !actor.personId) return [];
  const filter: Record<string, unknown> =
    box === 'incoming' ? { toPersonId: actor.personId, status: 'pending' } : { fromUserId: actor.id };
  const ids = await CardRequestModel.find(filter, { _id: 1 }).sort({ _id: -1 }).limit(50).lean();
  return Promise.all(ids.map((r) => presentRequest(r._id)));
}

export async function decideCardRequest(
  actor: Actor,
  id: string,
  approve: boolean,
): Promise<CardRequestView> {
  const request = await CardRequestModel.findById(id).lean();
  // Someone else's request does not exist for this actor.
  if (!request || !can(actor, 'cardRequest.decide', { personId: request.toPersonId })) {
    throw notFound('名片请求');
  }
  const status = approve ? 'approved' : 'declined';
  if (request.status === status) return presentRequest(id);
  if (request.status !== 'pending') throw conflict('该请求已处理');
  if (approve) {
    await exchangeCards(
      { userId: request.fromUserId, personId: request.fromPersonId },
      { userId: actor.id, personId: request.toPersonId },
      'request',
    );
  }
  await CardRequestModel.updateOne(
    { _id: request._id, status: 'pending' },
    { $set: { status, decidedAt: new Date() } },
  );
  return presentRequest(id);
}
