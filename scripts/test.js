// `npm test`: every workspace's jest suite, then the browser tests; keeps going after a
// failing workspace so one run shows everything, and ends with one summary line.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const WORKSPACES = [
  ['types', '@alliance-hub/types'],
  ['embedded-mongo', 'embedded-mongo'],
  ['cloud', '@alliance-hub/cloud'],
  ['miniapp', '@alliance-hub/miniapp'],
  ['e2e', '@alliance-hub/e2e'],
];
// Arguments naming a workspace pick it; the rest go to its jest, so
// `npm run test:e2e -- tests/intents.e2e.ts` runs that one browser test, not the whole suite.
const args = process.argv.slice(2);
const only = args.filter((arg) => WORKSPACES.some(([dir]) => dir === arg));
const jestArgs = args.filter((arg) => !only.includes(arg));
const outDir = path.join(root, '.tmp');
fs.mkdirSync(outDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
let failedRun = false;
for (const [dir, name] of WORKSPACES) {
  if (only.length && !only.includes(dir)) continue;
  const report = path.join(outDir, `jest-${dir}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n━━ ${dir} ━━`);
  const started = Date.now();
  const result = spawnSync(
    'npm',
    ['run', 'test', '-w', name, '--', '--json', `--outputFile=${report}`, ...jestArgs],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!fs.existsSync(report)) {
    failedRun = true;
    rows.push(`${dir.padEnd(16)} did not run (exit ${result.status})`);
    continue;
  }
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += skipped;
  if (result.status !== 0 || !r.success) failedRun = true;
  rows.push(
    `${dir.padEnd(16)} ${String(r.numPassedTests).padStart(4)} passed ${String(r.numFailedTests).padStart(3)} failed ${String(skipped).padStart(3)} skipped  ${seconds} s` +
      (r.numRuntimeErrorTestSuites ? `  (${r.numRuntimeErrorTestSuites} suites failed to run)` : ''),
  );
}
console.log('\n━━ summary ━━');
for (const row of rows) console.log(row);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedRun ? 1 : 0);
