// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
const { browserslist } = require('./package.json');

module.exports = {
  presets: [
    [
      'babel-preset-taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        // Explicit targets: browserslist would otherwise be looked up next to each compiled file,
        // and files outside miniapp/ (types/src, node_modules/zod) would fall back to ES5.
        targets: browserslist,
        // Module syntax is webpack's job. Rewriting zod's `export * as locales` into a namespace
        // import defeats tree shaking and pulls every zod locale (~350 KB) into the bundle.
        exclude: ['transform-export-namespace-from'],
      },
    ],
  ],
};
