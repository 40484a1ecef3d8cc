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
