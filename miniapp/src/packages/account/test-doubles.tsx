/**
 * Test-only helpers for the account screens and services (never imported by app code, so Taro
 * never bundles this file). The shared doubles in test/mocks lack Input, Textarea and the
 * interaction APIs these screens use; they are added here rather than edited there.
 */
import type { ChangeEvent, KeyboardEvent } from 'react';
import Taro from '@tarojs/taro';
import type { ApplicationView, AuthResult, MeView, SessionView } from '@alliance-hub/types';
import { taroNetworkFailure, taroResponse } from '../../../test/factories';

interface FieldProps {
  value?: string;
  placeholder?: string;
  className?: string;
  onInput?: (event: { detail: { value: string } }) => void;
  onConfirm?: (event: { detail: { value: string } }) => void;
}

export function Input({ value, placeholder, className, onInput, onConfirm }: FieldProps) {
  return (
    <input
      className={className}
      value={value}
      placeholder={placeholder}
      onChange={(event: ChangeEvent<HTMLInputElement>) =>
        onInput?.({ detail: { value: event.target.value } })
      }
      onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
        if (event.key === 'Enter') onConfirm?.({ detail: { value: event.currentTarget.value } });
      }}
    />
  );
}

export function Textarea({ value, placeholder, className, onInput }: FieldProps) {
  return (
    <textarea
      className={className}
      value={value}
      placeholder={placeholder}
      onChange={(event: ChangeEvent<HTMLTextAreaElement>) =>
        onInput?.({ detail: { value: event.target.value } })
      }
    />
  );
}

export interface TaroInteractionDoubles {
  login: jest.Mock;
  showModal: jest.Mock;
  showToast: jest.Mock;
  showActionSheet: jest.Mock;
  navigateTo: jest.Mock;
  navigateBack: jest.Mock;
  switchTab: jest.Mock;
  getCurrentPages: jest.Mock;
}

/** Adds fresh jest.fn()s for the interaction APIs to the Taro double; call in beforeEach. */
export function installTaroInteractions(): TaroInteractionDoubles {
  const doubles: TaroInteractionDoubles = {
    login: jest.fn().mockResolvedValue({ code: 'wx-code-1', errMsg: 'login:ok' }),
    showModal: jest.fn().mockResolvedValue({ confirm: true, cancel: false }),
    showToast: jest.fn().mockResolvedValue(undefined),
    showActionSheet: jest.fn(),
    navigateTo: jest.fn().mockResolvedValue(undefined),
    navigateBack: jest.fn().mockResolvedValue(undefined),
    switchTab: jest.fn().mockResolvedValue(undefined),
    getCurrentPages: jest.fn(() => [{}, {}]),
  };
  Object.assign(Taro, doubles);
  return doubles;
}

type Reply = { status: number; body?: unknown } | 'network-failure';

/**
 * Programs `Taro.request` by "METHOD /path" (query ignored): each call takes the next reply for
 * its route; an unexpected call fails the test with the route named.
 */
export function mockApi(routes: Record<string, Reply[]>): jest.Mock {
  const request = Taro.request as unknown as jest.Mock;
  request.mockImplementation((options: { url: string; method?: string }) => {
    const path = options.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    const key = `${options.method ?? 'GET'} ${path}`;
    const reply = routes[key]?.shift();
    if (!reply) return Promise.reject(new Error(`unexpected request ${key}`));
    if (reply === 'network-failure') return Promise.reject(taroNetworkFailure());
    return Promise.resolve(taroResponse(reply.status, reply.body ?? ''));
  });
  return request;
}

/** The calls `Taro.request` received, as "METHOD /path" strings. */
export function requestedRoutes(): string[] {
  return (Taro.request as unknown as jest.Mock).mock.calls.map(
    ([options]: [{ url: string; method?: string }]) =>
      `${options.method ?? 'GET'} ${options.url.split('?')[0]}`,
  );
}

export function meView(overrides: Partial<MeView> = {}): MeView {
  return {
    id: '6b03161a793a0b987aa73da6',
    displayName: '访客·小赵',
    role: 'guest',
    status: 'active',
    person: null,
    organization: null,
    createdAt: '2025-03-01T01:30:05.000Z',
    ...overrides,
  };
}

export function authResult(user: Partial<MeView> = {}, token = 'token-1'): AuthResult {
  return { token, expiresAt: '2025-04-01T00:00:00.000Z', user: meView(user) };
}

export function applicationView(overrides: Partial<ApplicationView> = {}): ApplicationView {
  return {
    id: '6b0316aa793a0b987aa73db1',
    status: 'pending',
    organization: {
      name: '沈阳精研合金材料有限公司',
      kind: 'enterprise',
      province: '辽宁省',
      city: '沈阳市',
      creditCode: null,
      intro: null,
      existing: null,
    },
    applicant: { name: '小赵', title: '技术总监', mobile: '13800138000', email: null },
    message: null,
    user: { id: '6b03161a793a0b987aa73da6', displayName: '访客·小赵' },
    createdAt: '2025-03-01T01:30:05.000Z',
    decidedAt: null,
    decidedBy: null,
    rejectReason: null,
    ...overrides,
  };
}

export function sessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: '6b0316bb793a0b987aa73dc1',
    current: true,
    client: 'h5',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1',
    createdAt: '2025-03-01T01:30:05.000Z',
    lastSeenAt: '2025-03-01T02:00:00.000Z',
    expiresAt: '2025-04-01T00:00:00.000Z',
    ...overrides,
  };
}
