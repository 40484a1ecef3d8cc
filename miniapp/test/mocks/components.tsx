/**
 * Test double for `@tarojs/components`: each Taro component becomes the plain DOM element it
 * renders as in H5, so Testing Library queries (role, text) work as in the browser.
 */
import type { HTMLAttributes, ImgHTMLAttributes, ReactNode } from 'react';

interface TaroProps extends HTMLAttributes<HTMLElement> {
  children?: ReactNode;
  [taroOnly: string]: unknown;
}

export function View({ children, ...rest }: TaroProps) {
  return <div {...(rest as HTMLAttributes<HTMLDivElement>)}>{children}</div>;
}

export function Text({ children, ...rest }: TaroProps) {
  return <span {...(rest as HTMLAttributes<HTMLSpanElement>)}>{children}</span>;
}

export function Button({ children, ...rest }: TaroProps) {
  return (
    <button type="button" {...(rest as HTMLAttributes<HTMLButtonElement>)}>
      {children}
    </button>
  );
}

export function Image(props: ImgHTMLAttributes<HTMLImageElement>) {
  return <img alt="" {...props} />;
}

// Added for the events screens: form controls as plain DOM elements. Taro's onInput/onConfirm
// receive `{ detail: { value } }`, so the doubles translate the DOM events into that shape.
interface InputDoubleProps {
  value?: string;
  placeholder?: string;
  className?: string;
  'aria-label'?: string;
  onInput?: (event: { detail: { value: string } }) => void;
  onConfirm?: (event: { detail: { value: string } }) => void;
  [taroOnly: string]: unknown;
}

export function Input({ value, placeholder, className, onInput, onConfirm, ...rest }: InputDoubleProps) {
  return (
    <input
      className={className}
      value={value ?? ''}
      placeholder={placeholder}
      aria-label={rest['aria-label']}
      onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
      onKeyDown={(event) => {
        if (event.key === 'Enter')
          onConfirm?.({ detail: { value: (event.target as HTMLInputElement).value } });
      }}
    />
  );
}

export function Textarea({ value, placeholder, className, onInput, ...rest }: InputDoubleProps) {
  return (
    <textarea
      className={className}
      value={value ?? ''}
      placeholder={placeholder}
      aria-label={rest['aria-label']}
      onChange={(event) => onInput?.({ detail: { value: event.target.value } })}
    />
  );
}

export function ScrollView({ children, className }: { children?: ReactNode; className?: string }) {
  return <div className={className}>{children}</div>;
}

export function Picker({ children }: { children?: ReactNode; [taroOnly: string]: unknown }) {
  return <div>{children}</div>;
}
