import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';

/**
 * Loads one record for a detail page, and again (quietly) whenever the page is shown after the
 * first time — e.g. coming back from its edit form — so saved changes appear.
 */
export function useDetail<T>(id: string | undefined, enabled: boolean, fetch: (id: string) => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const shown = useRef(false);
  const generation = useRef(0);

  const load = useCallback(
    async (quiet = false) => {
      if (!id) {
        setError(new Error('缺少编号，请从名录重新进入'));
        setLoading(false);
        return;
      }
      const mine = ++generation.current;
      if (!quiet) setLoading(true);
      setError(null);
      try {
        const next = await fetch(id);
        if (mine === generation.current) setData(next);
      } catch (failure) {
        if (mine === generation.current) setError(failure as Error);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [id, fetch],
  );

  useEffect(() => {
    if (enabled) void load();
  }, [enabled, load]);

  useDidShow(() => {
    if (shown.current && enabled) void load(Boolean(data));
    shown.current = true;
  });

  return { data, error, loading: loading && !data, reload: load };
}
