import Taro from '@tarojs/taro';

/** Where the intent screens live (packages/intents is a subpackage, see app.config.ts). */

/** What the create form starts with; names travel along so the form shows them at once. */
export interface IntentPrefill {
  from?: 'manual' | 'selection' | 'interaction' | 'match';
  selectionId?: string;
  interactionId?: string;
  demandId?: string;
  achievementId?: string;
  topic?: string;
  /** Organizations with a role, as "id:role:name" joined by "|" (router params are flat strings). */
  parties?: string;
  parentId?: string;
}

function query(params: object): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

export const INTENT_ROUTES = {
  mine: () => '/packages/intents/mine/index',
  board: () => '/packages/intents/board/index',
  detail: (id: string) => `/packages/intents/detail/index${query({ id })}`,
  create: (prefill: IntentPrefill = {}) => `/packages/intents/edit/index${query(prefill)}`,
  edit: (id: string) => `/packages/intents/edit/index${query({ id })}`,
  org: (orgId: string, orgName = '') => `/packages/intents/org/index${query({ orgId, orgName })}`,
  settings: () => '/packages/intents/settings/index',
} as const;

/** A party for the prefill: the role is one of demand | supply | broker | investor. */
export function partyParam(parties: Array<{ id: string; role: string; name: string }>): string {
  return parties.map((p) => `${p.id}:${p.role}:${p.name.replace(/[|:]/g, ' ')}`).join('|');
}

export function openIntentCreate(prefill: IntentPrefill): void {
  void Taro.navigateTo({ url: INTENT_ROUTES.create(prefill) });
}

/**
 * A 点菜 tick as an intent to create: the item's owner on one side and the ticking person's
 * organization on the other (an achievement's owner supplies, a demand's owner needs).
 */
export function prefillFromSelection(lead: {
  id: string;
  item: { kind: 'achievement' | 'demand'; id: string; title: string; owner: { id: string; name: string } };
  organization: { id: string; name: string } | null;
}): IntentPrefill {
  const ownerRole = lead.item.kind === 'achievement' ? 'supply' : 'demand';
  const otherRole = lead.item.kind === 'achievement' ? 'demand' : 'supply';
  const parties = [{ id: lead.item.owner.id, role: ownerRole, name: lead.item.owner.name }];
  if (lead.organization && lead.organization.id !== lead.item.owner.id)
    parties.push({ id: lead.organization.id, role: otherRole, name: lead.organization.name });
  return {
    from: 'selection',
    selectionId: lead.id,
    topic: lead.item.title,
    parties: partyParam(parties),
    ...(lead.item.kind === 'achievement' ? { achievementId: lead.item.id } : { demandId: lead.item.id }),
  };
}
