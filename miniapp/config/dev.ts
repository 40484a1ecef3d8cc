import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    devServer: {
      host: '127.0.0.1',
      port: 10086,
      // The cloud serves /api/v1 on :3000 during development.
      proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: true } },
    },
  },
} satisfies UserConfigExport<'webpack5'>;
