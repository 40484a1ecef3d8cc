import type { AchievementDetailView, DemandDetailView } from '@alliance-hub/types';
import {
  achievementAction,
  getAchievement,
  listAchievements,
  rejectAchievement,
} from '../../services/achievements';
import { demandAction, getDemand, listDemands, rejectDemand } from '../../services/demands';
import type { PublicationCardItem } from '../../components/publication-card';
import type { CursorPage } from '../../utils/use-cursor-list';
import type { PublicationKind } from '../../pages/matchmaking/matchmaking-routes';

export type PublicationDetail =
  { kind: 'achievement'; item: AchievementDetailView } | { kind: 'demand'; item: DemandDetailView };

export type LifecycleAction = 'submit' | 'approve' | 'archive';

/** The screens treat both kinds alike for loading and the lifecycle; these pick the right endpoint. */
export async function loadPublication(kind: PublicationKind, id: string): Promise<PublicationDetail> {
  return kind === 'achievement'
    ? { kind, item: await getAchievement(id) }
    : { kind, item: await getDemand(id) };
}

export async function runLifecycle(
  kind: PublicationKind,
  id: string,
  action: LifecycleAction,
): Promise<PublicationDetail> {
  return kind === 'achievement'
    ? { kind, item: await achievementAction(id, action) }
    : { kind, item: await demandAction(id, action) };
}

export async function rejectPublication(
  kind: PublicationKind,
  id: string,
  reason: string,
): Promise<PublicationDetail> {
  return kind === 'achievement'
    ? { kind, item: await rejectAchievement(id, reason) }
    : { kind, item: await rejectDemand(id, reason) };
}

export const ACTION_COPY: Record<
  LifecycleAction,
  { title: string; content: string; confirm: string; done: string }
> = {
  submit: {
    title: '提交审核',
    content: '提交后由联盟秘书处审核，通过后所有成员可见。确定提交吗？',
    confirm: '提交',
    done: '已提交审核',
  },
  approve: {
    title: '审核通过',
    content: '通过后立即发布，所有可见的成员都能搜索到。确定通过吗？',
    confirm: '通过',
    done: '已发布',
  },
  archive: {
    title: '下架',
    content: '下架后不再出现在搜索结果中，已有的对接记录保留。确定下架吗？',
    confirm: '下架',
    done: '已下架',
  },
};

/** One page of my organization's items (any status) or, with `status`, the staff's filtered view. */
export async function fetchOwnOrQueue(
  kind: PublicationKind,
  query: { mine?: boolean; status?: 'pending' },
  cursor: string | null,
): Promise<CursorPage<PublicationCardItem>> {
  if (kind === 'achievement') {
    const page = await listAchievements({ ...query, cursor, limit: 20 });
    return { items: page.items.map((item) => ({ kind, item })), nextCursor: page.nextCursor };
  }
  const page = await listDemands({ ...query, cursor, limit: 20 });
  return { items: page.items.map((item) => ({ kind, item })), nextCursor: page.nextCursor };
}
