/**
 * Extra test doubles for the directory screens, on top of test/mocks/: the Taro APIs and form
 * components they use (Input, Textarea, Picker, ScrollView), as plain DOM elements. Use with
 *   jest.mock('@tarojs/taro', () => require('<this file>').taroDouble());
 *   jest.mock('@tarojs/components', () => require('<this file>').componentsDouble());
 * Not imported by any page, so it never reaches a build.
 */
import type { ChangeEvent, ReactNode } from 'react';

type Handler = () => void;

export const pageHooks: {
  reachBottom: Handler | null;
  pullDownRefresh: Handler | null;
  didShow: Handler | null;
} = { reachBottom: null, pullDownRefresh: null, didShow: null };
export const router = { params: {} as Record<string, string> };

export function taroDouble() {
  const base = jest.requireActual('../../../../test/mocks/taro') as Record<string, unknown> & {
    default: Record<string, unknown>;
  };
  const extra = {
    navigateTo: jest.fn(() => Promise.resolve()),
    navigateBack: jest.fn(() => Promise.resolve()),
    switchTab: jest.fn(() => Promise.resolve()),
    showToast: jest.fn(() => Promise.resolve()),
    makePhoneCall: jest.fn(() => Promise.resolve()),
    setClipboardData: jest.fn(() => Promise.resolve()),
    useRouter: () => router,
    useReachBottom: (fn: Handler) => {
      pageHooks.reachBottom = fn;
    },
    usePullDownRefresh: (fn: Handler) => {
      pageHooks.pullDownRefresh = fn;
    },
    useDidShow: (fn: Handler) => {
      pageHooks.didShow = fn;
    },
  };
  return { ...base, ...extra, __esModule: true, default: { ...base.default, ...extra } };
}

interface InputLikeProps {
  value?: string;
  /** Taro's cut-off; -1 (no cut) renders no attribute, like the real H5 input. */
  maxlength?: number;
  type?: string;
  placeholder?: string;
  className?: string;
  'aria-label'?: string;
  onInput?: (event: { detail: { value: string } }) => void;
  onConfirm?: (event: { detail: { value: string } }) => void;
}

export function componentsDouble() {
  const base = jest.requireActual('../../../../test/mocks/components') as Record<string, unknown>;
  return {
    ...base,
    __esModule: true,
    Input: ({
      value,
      placeholder,
      className,
      onInput,
      onConfirm,
      maxlength,
      type,
      ...rest
    }: InputLikeProps) => (
      <input
        className={className}
        type={type ?? 'text'}
        maxLength={maxlength !== undefined && maxlength >= 0 ? maxlength : undefined}
        value={value ?? ''}
        placeholder={placeholder}
        aria-label={rest['aria-label']}
        onChange={(event: ChangeEvent<HTMLInputElement>) =>
          onInput?.({ detail: { value: event.target.value } })
        }
        onKeyDown={(event) => {
          if (event.key === 'Enter')
            onConfirm?.({ detail: { value: (event.target as HTMLInputElement).value } });
        }}
      />
    ),
    Textarea: ({ value, placeholder, className, onInput, maxlength, ...rest }: InputLikeProps) => (
      <textarea
        className={className}
        maxLength={maxlength !== undefined && maxlength >= 0 ? maxlength : undefined}
        value={value ?? ''}
        placeholder={placeholder}
        aria-label={rest['aria-label']}
        onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
      />
    ),
    ScrollView: ({ children, className }: { children?: ReactNode; className?: string }) => (
      <div className={className}>{children}</div>
    ),
    Picker: ({
      children,
      range,
      value,
      onChange,
      ...rest
    }: {
      children?: ReactNode;
      range: string[];
      value?: number;
      'aria-label'?: string;
      onChange?: (event: { detail: { value: number } }) => void;
    }) => (
      <div>
        {children}
        <select
          aria-label={rest['aria-label']}
          value={value ?? 0}
          onChange={(event) => onChange?.({ detail: { value: Number(event.target.value) } })}
        >
          {range.map((label, index) => (
            <option key={label} value={index}>
              {label}
            </option>
          ))}
        </select>
      </div>
    ),
  };
}
