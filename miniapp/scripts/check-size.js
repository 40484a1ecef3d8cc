#!/usr/bin/env node
/**
 * Prints the WeChat main package size of dist/weapp — every file that is not inside a
 * subpackage root declared in app.json — and exits 1 at WeChat's 2 MB upload limit.
 * Usage: node scripts/check-size.js [distDir]
 */
const fs = require('node:fs');
const path = require('node:path');

const LIMIT_BYTES = 2 * 1024 * 1024;
const WARN_BYTES = 1.5 * 1024 * 1024;
const distDir = path.resolve(__dirname, '..', process.argv[2] ?? 'dist/weapp');

const appJsonPath = path.join(distDir, 'app.json');
if (!fs.existsSync(appJsonPath)) {
  console.error(`No ${path.relative(process.cwd(), appJsonPath)} — run "npm run build:weapp" first.`);
  process.exit(1);
}
const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'));
const subpackageRoots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])].map((pkg) =>
  pkg.root.replace(/^\/+|\/+$/g, ''),
);

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

const sizes = { main: 0, subpackages: Object.fromEntries(subpackageRoots.map((root) => [root, 0])) };
const mainFiles = [];
for (const file of walk(distDir)) {
  const rel = path.relative(distDir, file).split(path.sep).join('/');
  // Source maps and license notes are not uploaded by WeChat DevTools.
  if (rel.endsWith('.map') || rel.endsWith('.LICENSE.txt')) continue;
  const size = fs.statSync(file).size;
  const root = subpackageRoots.find((r) => rel === r || rel.startsWith(r + '/'));
  if (root) {
    sizes.subpackages[root] += size;
  } else {
    sizes.main += size;
    mainFiles.push([rel, size]);
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
mainFiles.sort((a, b) => b[1] - a[1]);
console.log('Largest main-package files:');
for (const [rel, size] of mainFiles.slice(0, 8)) console.log(`  ${kb(size).padStart(10)}  ${rel}`);
for (const [root, size] of Object.entries(sizes.subpackages)) console.log(`Subpackage ${root}: ${kb(size)}`);
const pct = ((sizes.main / LIMIT_BYTES) * 100).toFixed(1);
console.log(`Main package: ${kb(sizes.main)} (${sizes.main} bytes, ${pct}% of the 2 MB limit)`);

if (sizes.main >= LIMIT_BYTES) {
  console.error('Main package reaches the 2 MB WeChat limit: move features into subpackages.');
  process.exit(1);
}
if (sizes.main >= WARN_BYTES) console.warn('Warning: main package is above 1.5 MB.');
