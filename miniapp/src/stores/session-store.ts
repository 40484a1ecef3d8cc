import { useSyncExternalStore } from 'react';
import type { MeView } from '@alliance-hub/types';

/**
 * Who is signed in, for the UI. `unknown` until the silent sign-in at launch has answered;
 * pages that need a user wait for it instead of flashing a logged-out state.
 * The sign-in feature (services/auth.ts) is the only writer.
 */
export type SessionState =
  | { status: 'unknown'; user: null }
  | { status: 'signed-out'; user: null }
  | { status: 'signed-in'; user: MeView };

let state: SessionState = { status: 'unknown', user: null };
const listeners = new Set<() => void>();

export function getSession(): SessionState {
  return state;
}

export function setSession(next: SessionState): void {
  state = next;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
