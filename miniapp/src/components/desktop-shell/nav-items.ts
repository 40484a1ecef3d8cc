import type { Role } from '@alliance-hub/types';

export interface DesktopNavItem {
  label: string;
  /** Page path as in app.config.ts, with a leading slash. */
  url: string;
  /** Tab pages open with switchTab, like the phone's tab bar. */
  tab?: boolean;
  /** Lowest role that sees the entry; absent = everyone, signed in or not. */
  minRole?: Role;
  group: 'main' | 'work' | 'admin';
}

export const DESKTOP_NAV_GROUP_LABELS: Record<DesktopNavItem['group'], string> = {
  main: '',
  work: '工作台',
  admin: '秘书处',
};

/**
 * The side bar that replaces the tab bar in a desktop browser. New desk screens (intent board,
 * statistics, review queues) add their entry here, in the group and role they belong to.
 */
export const DESKTOP_NAV_ITEMS: DesktopNavItem[] = [
  { label: '首页', url: '/pages/index/index', tab: true, group: 'main' },
  { label: '名录', url: '/pages/directory/index', tab: true, group: 'main' },
  { label: '对接', url: '/pages/matchmaking/index', tab: true, group: 'main' },
  { label: '我的', url: '/pages/me/index', tab: true, group: 'main' },
  { label: '活动', url: '/packages/events/list/index', minRole: 'member', group: 'work' },
  { label: '我的待办', url: '/packages/interactions/tasks/index', minRole: 'coordinator', group: 'work' },
  { label: '意向看板', url: '/packages/intents/board/index', minRole: 'coordinator', group: 'work' },
  { label: '我的意向', url: '/packages/intents/mine/index', minRole: 'coordinator', group: 'work' },
  { label: '成果需求审核', url: '/packages/matchmaking/review/index', minRole: 'coordinator', group: 'work' },
  { label: '对接线索', url: '/packages/matchmaking/leads/index', minRole: 'coordinator', group: 'work' },
  { label: '统计看板', url: '/packages/stats/dashboard/index', minRole: 'coordinator', group: 'work' },
  { label: '入会申请', url: '/packages/account/applications/index', minRole: 'secretariat', group: 'admin' },
  { label: '用户管理', url: '/packages/account/users/index', minRole: 'secretariat', group: 'admin' },
  { label: '批量导入', url: '/packages/directory/import/index', minRole: 'secretariat', group: 'admin' },
  { label: '审计日志', url: '/packages/account/audit/index', minRole: 'secretariat', group: 'admin' },
  { label: '停滞提醒设置', url: '/packages/intents/settings/index', minRole: 'secretariat', group: 'admin' },
];
