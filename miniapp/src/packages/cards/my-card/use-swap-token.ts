import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { SwapTokenView } from '@alliance-hub/types';
import { getSwapTokenStatus, issueSwapToken } from '../../../services/cards';
import { ApiError } from '../../../utils/api-error';

export const POLL_INTERVAL_MS = 2_000;
/** Replace the code this long before it expires, so nobody scans one that dies mid-swap. */
export const REFRESH_BEFORE_MS = 15_000;
const DEFAULT_LIFETIME_MS = 5 * 60_000;

export interface SwapTokenState {
  token: SwapTokenView | null;
  /** Seconds until the current code is replaced. */
  secondsLeft: number;
  error: string | null;
  /** "已与 X 交换名片" after someone used the previous code. */
  notice: string | null;
  refresh: () => Promise<void>;
}

/**
 * The holder's side of a swap: issues a single-use token, polls its state, and issues a fresh
 * one when it was used (naming who swapped), has expired, or is about to.
 * The countdown runs on the phone's clock from when the token arrived, because the phone's
 * clock may be off from the server's; the polled state stays the source of truth.
 */
export function useSwapToken(active: boolean): SwapTokenState {
  const [token, setToken] = useState<SwapTokenView | null>(null);
  const [deadline, setDeadline] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const issuing = useRef(false);
  const polling = useRef(false);

  const refresh = useCallback(async () => {
    if (issuing.current) return;
    issuing.current = true;
    try {
      const next = await issueSwapToken();
      const receivedAt = Date.now();
      const lifetime = Date.parse(next.expiresAt) - receivedAt;
      const plausible = lifetime > 30_000 && lifetime <= 2 * DEFAULT_LIFETIME_MS;
      setToken(next);
      setDeadline(receivedAt + (plausible ? lifetime : DEFAULT_LIFETIME_MS));
      setNow(receivedAt);
      setError(null);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : '名片码生成失败，请重试');
    } finally {
      issuing.current = false;
    }
  }, []);

  useEffect(() => {
    if (active) void refresh();
    else setToken(null);
  }, [active, refresh]);

  useEffect(() => {
    if (!active || !token) return undefined;
    const current = token.token;
    const poll = async () => {
      if (polling.current) return;
      polling.current = true;
      try {
        const status = await getSwapTokenStatus(current);
        if (status.state === 'used') {
          const who = status.usedBy?.name ?? '对方';
          setNotice(`已与 ${who} 交换名片`);
          void Taro.showToast({ title: `已与 ${who} 交换名片`, icon: 'none', duration: 3000 });
          await refresh();
        } else if (status.state === 'expired') {
          await refresh();
        }
      } catch (failure) {
        // A token the server no longer knows is as good as expired; a network blip is retried.
        if (failure instanceof ApiError && failure.status === 404) await refresh();
      } finally {
        polling.current = false;
      }
    };
    const pollTimer = setInterval(() => void poll(), POLL_INTERVAL_MS);
    const tickTimer = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      clearInterval(pollTimer);
      clearInterval(tickTimer);
    };
  }, [active, token, refresh]);

  const remaining = deadline - now;
  useEffect(() => {
    if (active && token && remaining <= REFRESH_BEFORE_MS) void refresh();
  }, [active, token, remaining, refresh]);

  return {
    token,
    secondsLeft: Math.max(0, Math.ceil((remaining - REFRESH_BEFORE_MS) / 1000)),
    error,
    notice,
    refresh,
  };
}
