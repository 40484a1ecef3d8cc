import {
  BadgesView,
  LatestDigestView,
  StaleIntentList,
  TaskSelectionPage,
  TaskListView,
  TaskView,
  type TaskBucket,
  type TaskCompleteBody,
  type TaskCreateBody,
  type TaskReassignBody,
  type TaskSnoozeBody,
  type TaskUpdateBody,
} from '@alliance-hub/types';
import { request } from '../utils/request';
import { compactQuery } from './directory';

/** Follow-ups (我的待办). Writes carry the version the screen showed; a stale one answers 409. */

const taskPath = (id: string, action = '') => `/api/v1/tasks/${encodeURIComponent(id)}${action}`;

export interface TaskSearch {
  scope?: 'mine' | 'all';
  state?: 'active' | 'done';
  bucket?: TaskBucket | '';
  cursor?: string | null;
  limit?: number;
}

/** GET /api/v1/tasks — soonest due first, with the per-bucket counts of everything in scope. */
export function listTasks(search: TaskSearch = {}): Promise<TaskListView> {
  return request('/api/v1/tasks', { query: compactQuery(search), schema: TaskListView });
}

/** POST /api/v1/tasks — idempotent by `clientId`. */
export function createTask(body: TaskCreateBody): Promise<TaskView> {
  return request('/api/v1/tasks', { method: 'POST', body, schema: TaskView });
}

/** GET /api/v1/tasks/:id */
export function getTask(id: string): Promise<TaskView> {
  return request(taskPath(id), { schema: TaskView });
}

/** PATCH /api/v1/tasks/:id — 409 CONFLICT with `details.current` when someone saved first. */
export function updateTask(id: string, body: TaskUpdateBody): Promise<TaskView> {
  return request(taskPath(id), { method: 'PATCH', body, schema: TaskView });
}

/** POST /api/v1/tasks/:id/complete — optionally logging what happened in the same step. */
export function completeTask(id: string, body: TaskCompleteBody = {}): Promise<TaskView> {
  return request(taskPath(id, '/complete'), { method: 'POST', body, schema: TaskView });
}

/** POST /api/v1/tasks/:id/snooze */
export function snoozeTask(id: string, body: TaskSnoozeBody): Promise<TaskView> {
  return request(taskPath(id, '/snooze'), { method: 'POST', body, schema: TaskView });
}

/** POST /api/v1/tasks/:id/reassign — to a coordinator or the secretariat. */
export function reassignTask(id: string, body: TaskReassignBody): Promise<TaskView> {
  return request(taskPath(id, '/reassign'), { method: 'POST', body, schema: TaskView });
}

/** GET /api/v1/me/badges — the in-app badge on 我的 and 首页. */
export function getBadges(): Promise<BadgesView> {
  return request('/api/v1/me/badges', { schema: BadgesView });
}

/** POST /api/v1/me/reminders/read — opening 我的待办 counts as having seen the reminders. */
export async function markRemindersRead(): Promise<void> {
  await request('/api/v1/me/reminders/read', { method: 'POST', body: {} });
}

/** GET /api/v1/tasks/selections — 点菜式 leads nobody handled yet at the events I work. */
export function listOpenLeads(
  search: { cursor?: string | null; limit?: number } = {},
): Promise<TaskSelectionPage> {
  return request('/api/v1/tasks/selections', { query: compactQuery(search), schema: TaskSelectionPage });
}

/** GET /api/v1/tasks/stale-intents — intents I own that had no logged contact for too long. */
export function listStaleIntents(scope: 'mine' | 'all' = 'mine'): Promise<StaleIntentList> {
  return request('/api/v1/tasks/stale-intents', { query: { scope }, schema: StaleIntentList });
}

/** GET /api/v1/me/digest — the secretariat's latest daily overdue digest (null before the first). */
export function getLatestDigest(): Promise<LatestDigestView> {
  return request('/api/v1/me/digest', { schema: LatestDigestView });
}
