import Taro from '@tarojs/taro';

/**
 * Whether the phone believes it is online, from both sources that exist: WeChat's
 * `onNetworkStatusChange` and, in the H5 build, the browser's `online`/`offline` events.
 * A request can still fail while this says online (venue Wi-Fi without internet), so callers
 * also treat a NETWORK error as offline.
 */
type Listener = (online: boolean) => void;

const listeners = new Set<Listener>();
let online = initialOnline();
let wired = false;

function initialOnline(): boolean {
  if (typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean') return navigator.onLine;
  return true;
}

function set(next: boolean): void {
  if (next === online) return;
  online = next;
  listeners.forEach((listener) => listener(next));
}

function wire(): void {
  if (wired) return;
  wired = true;
  if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
    window.addEventListener('online', () => set(true));
    window.addEventListener('offline', () => set(false));
  }
  try {
    Taro.onNetworkStatusChange?.((result) => set(result.isConnected));
  } catch {
    // Not every runtime has it (tests, some H5 browsers); the window events cover those.
  }
}

export function isOnline(): boolean {
  return online;
}

/** Marks the network down after a request failed to reach the server (Wi-Fi up, no route). */
export function reportNetworkFailure(): void {
  set(false);
}

/** Marks the network up after a request succeeded. */
export function reportNetworkSuccess(): void {
  set(true);
}

export function onNetworkChange(listener: Listener): () => void {
  wire();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** For tests: forget listeners and start from the given state. */
export function resetNetworkStatus(next = true): void {
  listeners.clear();
  online = next;
}
