import Taro from '@tarojs/taro';
import { atLeast, type MeView } from '@alliance-hub/types';

/** Where the interaction screens live (packages/interactions is a subpackage, see app.config.ts). */

/** Who and what the quick log starts with; names travel along so the form shows them offline. */
export interface QuickLogTarget {
  personId?: string;
  personName?: string;
  orgId?: string;
  orgName?: string;
  eventId?: string;
  eventTitle?: string;
  /** Someone not in the directory (a contact without a directory entry). */
  unlistedName?: string;
  unlistedOrg?: string;
}

function query(params: object): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

export const INTERACTION_ROUTES = {
  log: (target: QuickLogTarget = {}) => `/packages/interactions/log/index${query(target)}`,
  tasks: () => '/packages/interactions/tasks/index',
} as const;

export function openQuickLog(target: QuickLogTarget): void {
  void Taro.navigateTo({ url: INTERACTION_ROUTES.log(target) });
}

export function openTasks(): void {
  void Taro.navigateTo({ url: INTERACTION_ROUTES.tasks() });
}

/** Who may log: the alliance's staff, and a member representative for their own organization. */
export function canLog(user: MeView | null, orgId?: string | null): boolean {
  if (!user || user.status !== 'active') return false;
  if (atLeast(user.role, 'coordinator')) return true;
  return user.role === 'member' && !!orgId && user.organization?.id === orgId;
}
