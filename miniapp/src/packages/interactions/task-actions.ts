import { TASK_STATE_LABELS, type TaskView } from '@alliance-hub/types';
import { ApiError } from '../../utils/api-error';
import { isoFromShanghai, shanghaiParts } from './log-form';

/** A write refused because someone else saved first: what they saved, and how to redo mine on it. */
export interface TaskConflict {
  mine: TaskView;
  theirs: TaskView;
  /** What I was doing, e.g. "推迟到 12月3日 09:00". */
  action: string;
  /** Repeats my write on top of their version. */
  redo: (version: number) => Promise<TaskView>;
}

/** The other writer's task from a 409, or null when the failure is something else. */
export function conflictCurrent(error: unknown): TaskView | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const details = error.details as { current?: TaskView } | undefined;
  return details?.current ?? null;
}

const DAY_MS = 24 * 3600_000;

/** Snooze choices in Shanghai time: tomorrow, the day after and next Monday, each at 09:00. */
export function snoozeChoices(now: Date): Array<{ label: string; until: string }> {
  const at9 = (offsetDays: number) =>
    isoFromShanghai(shanghaiParts(new Date(now.getTime() + offsetDays * DAY_MS)).date, '09:00');
  const weekday = new Date(now.getTime() + 8 * 3600_000).getUTCDay(); // 0 = Sunday, in Shanghai
  const toMonday = weekday === 0 ? 1 : 8 - weekday;
  return [
    { label: '明天 09:00', until: at9(1) },
    { label: '后天 09:00', until: at9(2) },
    { label: '下周一 09:00', until: at9(toMonday) },
  ];
}

/** "12月3日 10:00" in Shanghai. */
export function dueText(iso: string): string {
  const { date, time } = shanghaiParts(new Date(iso));
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日 ${time}`;
}

/** The fields where their version differs from the one I saw, as label / mine / theirs. */
export function taskDifferences(
  mine: TaskView,
  theirs: TaskView,
): Array<{ label: string; mine: string; theirs: string }> {
  const rows: Array<{ label: string; mine: string; theirs: string }> = [];
  const add = (label: string, a: string, b: string) => {
    if (a !== b) rows.push({ label, mine: a, theirs: b });
  };
  add('事项', mine.title, theirs.title);
  add('截止', dueText(mine.dueAt), dueText(theirs.dueAt));
  add('负责人', mine.owner.displayName, theirs.owner.displayName);
  add('状态', TASK_STATE_LABELS[mine.state], TASK_STATE_LABELS[theirs.state]);
  add('备注', mine.note ?? '—', theirs.note ?? '—');
  return rows;
}
