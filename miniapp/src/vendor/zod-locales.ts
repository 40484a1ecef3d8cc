// Replaces zod's locales index in the mini-program bundles (see config/index.ts): the app only
// ever uses Chinese, and the index would otherwise pull every language into the main package.
export { default as zhCN } from 'zod/v4/locales/zh-CN.js';
