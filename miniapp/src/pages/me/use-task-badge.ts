import { useCallback, useEffect, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { atLeast, type MeView } from '@alliance-hub/types';
import { getBadges } from '../../services/tasks';

/**
 * My follow-ups due now or earlier, for the 我的待办 badge on 我的 and 首页 — shown whether or
 * not WeChat could deliver the subscribe message. null for non-staff or while unknown.
 */
export function useTaskBadge(user: MeView | null): number | null {
  const staff = !!user && atLeast(user.role, 'coordinator');
  const [due, setDue] = useState<number | null>(null);

  const refresh = useCallback(() => {
    if (!staff) {
      setDue(null);
      return;
    }
    // A badge is a hint: a failed read keeps the last count rather than showing an error.
    void getBadges().then(
      (badges) => setDue(badges.tasksDue),
      () => undefined,
    );
  }, [staff]);

  useEffect(refresh, [refresh, user?.id]);
  // Tab pages stay mounted: coming back after completing a task shows the new count.
  useDidShow(refresh);
  return due;
}
