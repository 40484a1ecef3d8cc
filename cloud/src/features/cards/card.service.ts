import type { Types } from 'mongoose';
import {
  CONTACT_FIELDS,
  type CardUpdateInput,
  type CardView,
  type SwapTokenStatusView,
  type SwapTokenView,
} from '@alliance-hub/types';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../../policy/policy';
import type { WechatClient } from '../../wechat/wechat-client';
import { recordAudit } from '../audit/audit.service';
import { personSearchFields } from '../directory/search-tokens';
import { PersonModel } from '../people/person.model';
import { UserModel } from '../users/user.model';
import { presentCard, type CardPerson } from './card.presenter';
import { SwapTokenModel } from './swap-token.model';
import { newSwapToken, verifySwapToken } from './swap-token';

export const SWAP_PAGE = 'packages/cards/swap/index';

/**
 * Everyone who swaps cards needs a person record; a guest at an event may not have one yet.
 * Created once: the user is linked only if still unlinked, and a losing concurrent attempt is undone.
 */
export async function ensurePerson(actor: Pick<Actor, 'id' | 'personId'>): Promise<Types.ObjectId> {
  if (actor.personId) return actor.personId;
  const user = await UserModel.findById(actor.id, { displayName: 1, personId: 1 }).lean();
  if (!user) throw notFound('用户');
  if (user.personId) return user.personId;
  const person = await PersonModel.create({
    name: user.displayName,
    ...personSearchFields({ name: user.displayName }),
  });
  const linked = await UserModel.updateOne(
    { _id: actor.id, personId: { $exists: false } },
    { $set: { personId: person._id } },
  );
  if (linked.modifiedCount === 1) return person._id;
  await PersonModel.deleteOne({ _id: person._id });
  const winner = await UserModel.findById(actor.id, { personId: 1 }).lean();
  if (!winner?.personId) throw notFound('名片');
  return winner.personId;
}

export async function loadCardPerson(personId: Types.ObjectId): Promise<CardPerson> {
  const person = await PersonModel.findById(personId, { nameGrams: 0, textGrams: 0 })
    .populate('orgId', 'name kind')
    .lean<CardPerson>();
  if (!person) throw notFound('名片');
  return person;
}

export async function getMyCard(actor: Actor): Promise<CardView> {
  const personId = await ensurePerson(actor);
  return presentCard(await loadCardPerson(personId), CONTACT_FIELDS);
}

export async function updateMyCard(actor: Actor, body: CardUpdateInput): Promise<CardView> {
  const personId = await ensurePerson(actor);
  const before = await loadCardPerson(personId);
  const set: Record<string, unknown> = {};
  const unset: Record<string, 1> = {};
  const assign = (path: string, value: unknown) => {
    if (value === undefined) return;
    if (value === null) unset[path] = 1;
    else set[path] = value;
  };
  assign('name', body.name);
  assign('title', body.title);
  for (const field of CONTACT_FIELDS) assign(`contacts.${field}`, body[field]);
  assign('card.sharedFields', body.sharedFields);
  assign('card.offer', body.offer);
  assign('card.seeking', body.seeking);
  const name = body.name ?? before.name;
  const title = body.title === undefined ? before.title : body.title;
  Object.assign(set, personSearchFields({ name, title, orgName: before.orgId?.name ?? null }));
  await PersonModel.updateOne(
    { _id: personId },
    { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
  );
  await recordAudit({
    actorId: actor.id,
    action: 'card.update',
    entity: { type: 'person', id: personId },
    // The audit records that contact fields changed, never their values.
    after: Object.fromEntries(
      Object.entries(body).map(([k, v]) => [
        k,
        (CONTACT_FIELDS as readonly string[]).includes(k) ? (v ? '（已填写）' : null) : v,
      ]),
    ),
  });
  return getMyCard(actor);
}

export async function issueSwapToken(
  actor: Actor,
  origin: string,
  ttlSeconds: number,
  secret: string,
): Promise<SwapTokenView> {
  const personId = await ensurePerson(actor);
  const { nonce, token } = newSwapToken(secret);
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await SwapTokenModel.create({ nonce, userId: actor.id, personId, expiresAt });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    link: `${origin}/${SWAP_PAGE}?t=${encodeURIComponent(token)}`,
  };
}

/** Only the holder asks: their screen refreshes the code once it was used or expired. */
async function ownToken(actor: Actor, token: string, secret: string) {
  const nonce = verifySwapToken(token, secret);
  const doc = nonce ? await SwapTokenModel.findOne({ nonce, userId: actor.id }).lean() : null;
  if (!doc) throw notFound('名片二维码');
  return doc;
}

export async function swapTokenStatus(
  actor: Actor,
  token: string,
  secret: string,
): Promise<SwapTokenStatusView> {
  const doc = await ownToken(actor, token, secret);
  if (doc.usedAt) {
    const by = await UserModel.findById(doc.usedByUserId, { displayName: 1 }).lean();
    return { state: 'used', usedBy: by ? { name: by.displayName } : null };
  }
  return { state: doc.expiresAt <= new Date() ? 'expired' : 'active', usedBy: null };
}

export async function swapTokenWxaCode(actor: Actor, token: string, secret: string, wechat: WechatClient) {
  await ownToken(actor, token, secret);
  try {
    return await wechat.getWxaCodeUnlimited({ scene: token, page: SWAP_PAGE });
  } catch {
    throw new AppError(503, 'WECHAT_UNAVAILABLE', '小程序码生成失败，请使用下方链接或稍后重试');
  }
}
