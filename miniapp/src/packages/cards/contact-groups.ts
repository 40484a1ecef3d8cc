import type { ContactView } from '@alliance-hub/types';

export const NO_EVENT_TITLE = '其他';

export interface ContactGroup {
  key: string;
  title: string;
  items: ContactView[];
}

/**
 * Contacts grouped by the event they were exchanged at, in the order the (newest-first) list
 * meets them, so the latest event comes first; exchanges outside any event go under 其他.
 */
export function groupContactsByEvent(contacts: readonly ContactView[]): ContactGroup[] {
  const groups = new Map<string, ContactGroup>();
  for (const contact of contacts) {
    const key = contact.event?.id ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { key: key || 'none', title: contact.event?.title ?? NO_EVENT_TITLE, items: [] };
      groups.set(key, group);
    }
    group.items.push(contact);
  }
  return [...groups.values()];
}
