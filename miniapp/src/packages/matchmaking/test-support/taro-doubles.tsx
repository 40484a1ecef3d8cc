/**
 * The directory's Taro doubles plus what the matchmaking screens use (redirectTo, share,
 * Switch). Use with
 *   jest.mock('@tarojs/taro', () => jest.requireActual('<this file>').taroDouble());
 *   jest.mock('@tarojs/components', () => jest.requireActual('<this file>').componentsDouble());
 */
import type { ReactNode } from 'react';
import * as directory from '../../directory/test-support/taro-doubles';

export const { router, pageHooks } = directory;

export function taroDouble() {
  const base = directory.taroDouble();
  const extra = {
    redirectTo: jest.fn(() => Promise.resolve()),
    useShareAppMessage: jest.fn(),
  };
  return { ...base, ...extra, default: { ...base.default, ...extra } };
}

export function componentsDouble() {
  const base = directory.componentsDouble();
  const SelectPicker = base.Picker as (props: object) => ReactNode;
  return {
    ...base,
    // A date picker is a date input; selectors keep the directory's <select> double.
    Picker: (props: {
      mode?: string;
      value?: string;
      children?: ReactNode;
      'aria-label'?: string;
      onChange?: (event: { detail: { value: string } }) => void;
    }) =>
      props.mode === 'date' ? (
        <div>
          {props.children}
          <input
            type="date"
            aria-label={props['aria-label']}
            value={props.value ?? ''}
            onChange={(event) => props.onChange?.({ detail: { value: event.target.value } })}
          />
        </div>
      ) : (
        <SelectPicker {...props} />
      ),
    Switch: ({
      checked,
      onChange,
      ...rest
    }: {
      checked?: boolean;
      'aria-label'?: string;
      onChange?: (event: { detail: { value: boolean } }) => void;
    }) => (
      <input
        type="checkbox"
        role="switch"
        aria-label={rest['aria-label']}
        checked={Boolean(checked)}
        onChange={(event) => onChange?.({ detail: { value: event.target.checked } })}
      />
    ),
  };
}
