import path from 'node:path';
import webpack from 'webpack';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const taroEnv = process.env.TARO_ENV;

/**
 * Base URL of the cloud API, fixed at build time.
 * H5 is served by the cloud itself, so the default is same-origin (relative `/api/v1/...`).
 * A mini-program has no origin, so the weapp default is the local dev server; release builds
 * must set TARO_APP_API_BASE to the HTTPS domain registered in the WeChat console.
 * A `TARO_APP_API_BASE` line in `.env.<mode>` overrides the shell variable (Taro's dotenv).
 */
const apiBase = process.env.TARO_APP_API_BASE ?? (taroEnv === 'h5' ? '' : 'http://127.0.0.1:3000');

/** Workspace packages are TypeScript source symlinked into node_modules: compile them. */
/**
 * zod's locales index (reached through `zod/locales` and zod's own `z.locales` re-export) pulls
 * every language, ~150 KB; the app only ever uses Chinese, so the index is swapped for a shim.
 */
function onlyChineseZodLocale(chain: {
  plugin(name: string): { use(plugin: unknown, args: unknown[]): unknown };
}) {
  chain
    .plugin('only-chinese-zod-locale')
    .use(webpack.NormalModuleReplacementPlugin, [
      /zod[\\/]v4[\\/]locales[\\/]index\.c?js$/,
      path.resolve(__dirname, '../src/vendor/zod-locales.ts'),
    ]);
}

const typesPackageDir = path.resolve(__dirname, '../../types/src');

/**
 * Taro compiles only src/ and Taro's own packages by default. zod ships modern syntax
 * (optional chaining, nullish coalescing) that older WeChat iOS runtimes cannot parse, so it is
 * transpiled as well.
 */
const compileInclude = [typesPackageDir, (filename: string) => /node_modules[\\/]zod[\\/]/.test(filename)];

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'alliance-hub',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv ?? 'weapp'}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase),
      // The subscribe-message template for 待办到期提醒; cloud's WECHAT_TEMPLATE_TASK_DUE names the same.
      TARO_APP_TASK_DUE_TEMPLATE: JSON.stringify(
        process.env.TARO_APP_TASK_DUE_TEMPLATE ?? 'task-due-template',
      ),
      // 每日逾期汇总 for the secretariat; cloud's WECHAT_TEMPLATE_OVERDUE_DIGEST names the same.
      TARO_APP_OVERDUE_DIGEST_TEMPLATE: JSON.stringify(
        process.env.TARO_APP_OVERDUE_DIGEST_TEMPLATE ?? 'overdue-digest-template',
      ),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    alias: {
      '@': path.resolve(__dirname, '../src'),
    },
    mini: {
      webpackChain(chain) {
        onlyChineseZodLocale(chain);
      },
      compile: { include: compileInclude },
      postcss: {
        pxtransform: { enable: true, config: {} },
      },
    },
    h5: {
      webpackChain(chain) {
        onlyChineseZodLocale(chain);
      },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      compile: { include: compileInclude },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
