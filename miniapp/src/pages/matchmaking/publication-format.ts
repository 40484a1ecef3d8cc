import type {
  AchievementListItemView,
  DemandListItemView,
  OrgKind,
  PublicationStatus,
} from '@alliance-hub/types';

/** 万元 amounts as people write them: 50 万元, 1.5 万元, 1,200 万元. */
export function wan(amount: number): string {
  return `${amount.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`;
}

export function priceText(item: Pick<AchievementListItemView, 'priceWan' | 'priceNegotiable'>): string {
  if (item.priceWan != null) return `参考价 ${wan(item.priceWan)}`;
  return item.priceNegotiable ? '价格面议' : '价格未填写';
}

export function budgetText(
  item: Pick<DemandListItemView, 'budgetMinWan' | 'budgetMaxWan' | 'budgetNegotiable'>,
): string {
  const { budgetMinWan: min, budgetMaxWan: max } = item;
  if (min != null && max != null) return min === max ? `预算 ${wan(min)}` : `预算 ${min}–${wan(max)}`;
  if (min != null) return `预算 ${wan(min)} 起`;
  if (max != null) return `预算不超过 ${wan(max)}`;
  return item.budgetNegotiable ? '预算面议' : '预算未填写';
}

/** Badge tone per publication status, for 我的发布 and the review queue. */
export const STATUS_TONE: Record<PublicationStatus, 'neutral' | 'warning' | 'success' | 'danger' | 'muted'> =
  {
    draft: 'neutral',
    pending: 'warning',
    published: 'success',
    rejected: 'danger',
    archived: 'muted',
  };

/** Who ticks what at an event: enterprises pursue achievements, universities and institutes answer demands. */
export function pickKindFor(orgKind: OrgKind | string | null | undefined): 'achievement' | 'demand' | null {
  if (orgKind === 'enterprise') return 'achievement';
  if (orgKind === 'university' || orgKind === 'institute') return 'demand';
  return null;
}
