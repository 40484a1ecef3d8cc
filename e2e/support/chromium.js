// Where Debian's Chromium lives, and whether this machine can render Chinese.
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function chromiumInstalled() {
  return fs.existsSync(chromiumPath);
}

function cjkFontInstalled() {
  const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim().length > 0;
}

module.exports = { chromiumPath, chromiumInstalled, cjkFontInstalled };
