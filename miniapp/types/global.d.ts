/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by the Taro CLI from `--type`. */
    TARO_ENV: 'weapp' | 'h5' | undefined;
    /** API origin injected at build time (see config/index.ts); '' means same origin. */
    TARO_APP_API_BASE?: string;
  }
}
