// Builds the mini-program's H5 bundle when it is missing or older than its sources, so
// `npm start` and the browser tests always serve what the code says, without rebuilding
// on every run.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const builtIndex = path.join(root, 'miniapp/dist/h5/index.html');
const SOURCES = [
  'miniapp/src',
  'miniapp/config',
  'types/src',
  'miniapp/package.json',
  'miniapp/babel.config.js',
];

function newestMtime(target) {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function h5IsFresh() {
  if (!fs.existsSync(builtIndex)) return false;
  const built = fs.statSync(builtIndex).mtimeMs;
  return SOURCES.every((s) => newestMtime(path.join(root, s)) <= built);
}

function ensureH5({ force = false } = {}) {
  if (!force && h5IsFresh()) return;
  console.log('[ensure-h5] building the H5 front end (miniapp/dist/h5)…');
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'build:h5', '-w', '@alliance-hub/miniapp'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    throw new Error('[ensure-h5] the H5 build failed; see the output above');
  }
  console.log(`[ensure-h5] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

module.exports = { ensureH5, h5IsFresh };

if (require.main === module) {
  try {
    ensureH5({ force: process.argv.includes('--force') });
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
