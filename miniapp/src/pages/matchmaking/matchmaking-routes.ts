import Taro from '@tarojs/taro';
import type { SelectionItemKind } from '@alliance-hub/types';

/** Where the 对接 screens live (packages/matchmaking is a subpackage, see app.config.ts). */
export type PublicationKind = SelectionItemKind;

const q = (params: Record<string, string | undefined>) =>
  Object.entries(params)
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');

export const MATCHMAKING_ROUTES = {
  /** `eventId`: opened from an event, so 我感兴趣 ticks the item at that event. */
  detail: (kind: PublicationKind, id: string, eventId?: string) =>
    `/packages/matchmaking/detail/index?${q({ kind, id, eventId })}`,
  /** No id = publish a new one. */
  edit: (kind: PublicationKind, id?: string) =>
    `/packages/matchmaking/${kind === 'achievement' ? 'achievement-edit' : 'demand-edit'}/index${id ? `?id=${encodeURIComponent(id)}` : ''}`,
  mine: () => '/packages/matchmaking/mine/index',
  review: () => '/packages/matchmaking/review/index',
  /** 点菜式: tick items at an event. */
  pick: (eventId: string, kind: PublicationKind) =>
    `/packages/matchmaking/pick/index?${q({ eventId, kind })}`,
  /** The event's selections as the coordinators' work list. */
  leads: (eventId: string) => `/packages/matchmaking/leads/index?${q({ eventId })}`,
  /** 我感兴趣 outside events: the staff's event-less leads. */
  interests: () => '/packages/matchmaking/leads/index',
  /** The matching synonym table (staff read, the secretariat edits). */
  synonyms: () => '/packages/matchmaking/synonyms/index',
} as const;

export function openPublication(kind: PublicationKind, id: string, eventId?: string): void {
  void Taro.navigateTo({ url: MATCHMAKING_ROUTES.detail(kind, id, eventId) });
}

export const KIND_NOUN: Record<PublicationKind, string> = { achievement: '成果', demand: '需求' };
