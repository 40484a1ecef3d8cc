import { useCallback, useEffect, useRef, useState } from 'react';
import type { ContactView } from '@alliance-hub/types';
import type { PageShellError } from '../../../components/page-shell';
import { listContacts } from '../../../services/cards';

const PAGE_SIZE = 20;

export interface ContactList {
  items: ContactView[] | null;
  loading: boolean;
  loadingMore: boolean;
  error: PageShellError | null;
  moreError: string | null;
  hasMore: boolean;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
  update: (change: (items: ContactView[]) => ContactView[]) => void;
}

/** My contacts for a search text, page by page; answers to an older search are dropped. */
export function useContacts(q: string): ContactList {
  const [items, setItems] = useState<ContactView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<PageShellError | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    setMoreError(null);
    try {
      const page = await listContacts({ q, limit: PAGE_SIZE });
      if (mine !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(failure instanceof Error ? failure : { message: '加载失败' });
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [q]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loadMore = useCallback(async () => {
    if (!cursor || loading || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await listContacts({ q, cursor, limit: PAGE_SIZE });
      if (mine !== generation.current) return;
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      if (mine === generation.current) setMoreError(failure instanceof Error ? failure.message : '加载失败');
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loading, loadingMore, q]);

  const update = useCallback((change: (list: ContactView[]) => ContactView[]) => {
    setItems((current) => (current ? change(current) : current));
  }, []);

  return {
    items,
    loading,
    loadingMore,
    error,
    moreError,
    hasMore: cursor !== null,
    reload,
    loadMore,
    update,
  };
}

/** `value` after it has stopped changing for `delayMs` — one search per pause in typing. */
export function useDebounced<T>(value: T, delayMs = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
