// Runs once before the browser tests: the H5 build must be current, and Chromium plus a CJK
// font must be present. Locally a missing browser skips the suite loudly; under CI it fails.
const { ensureH5 } = require('../../scripts/ensure-h5');
const { chromiumInstalled, cjkFontInstalled, chromiumPath } = require('./chromium');

const INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y chromium fonts-wqy-microhei';

module.exports = async function globalSetup() {
  const problems = [];
  if (!chromiumInstalled()) problems.push(`Chromium not found at ${chromiumPath}`);
  if (!cjkFontInstalled()) problems.push('no CJK font installed (Chinese text would render as boxes)');
  if (problems.length > 0) {
    const banner = [
      '',
      '!'.repeat(78),
      `!! BROWSER TESTS CANNOT RUN: ${problems.join('; ')}`,
      `!! Install with: ${INSTALL_HINT}`,
      '!'.repeat(78),
      '',
    ].join('\n');
    if (process.env.CI === 'true') throw new Error(banner);
    console.warn(banner);
    process.env.E2E_SKIP = '1';
    return;
  }
  ensureH5();
};
