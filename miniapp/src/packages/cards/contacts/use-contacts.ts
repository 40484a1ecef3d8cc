import { useCallback, useEffect, useState } from 'react';
import type { ContactView } from '@alliance-hub/types';
import { listContacts } from '../../../services/cards';
import { useCursorList, type CursorList } from '../../../utils/use-cursor-list';

const PAGE_SIZE = 20;

export type ContactList = CursorList<ContactView>;

/** My contacts for a search text, page by page; answers to an older search are dropped. */
export function useContacts(q: string): ContactList {
  const fetchPage = useCallback(
    (cursor: string | null) => listContacts({ q, cursor, limit: PAGE_SIZE }),
    [q],
  );
  return useCursorList(fetchPage);
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
