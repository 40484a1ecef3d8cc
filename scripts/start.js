// `npm start`: the whole product on embedded defaults — builds the H5 front end if needed,
// then starts cloud (embedded database in ./data, fake WeChat server, demo data on first run).
//
// With NODE_ENV=production it runs the compiled build instead (`npm run build` first): plain
// JavaScript in cloud/dist, no TypeScript loader, no dev sign-in.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureH5 } = require('./ensure-h5');

const root = path.resolve(__dirname, '..');
const production = process.env.NODE_ENV === 'production';
const compiled = path.join(root, 'cloud/dist/server.js');

let args;
if (production) {
  if (!fs.existsSync(compiled)) {
    console.error('NODE_ENV=production runs the compiled build: run `npm run build` first.');
    process.exit(1);
  }
  args = ['--enable-source-maps', compiled];
} else {
  try {
    // H5_DIR names a build served from elsewhere: the in-repository one is not needed then.
    if (!process.env.H5_DIR) ensureH5();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
  // tsx's loader inside cloud's own process: its CLI would add a process in between, which a
  // kill of this one would leave running.
  args = ['--require', require.resolve('tsx/cjs'), path.join(root, 'cloud/src/server.ts')];
}
// cloud (with the embedded database on its own thread) is this script's only child. The IPC
// channel lets it notice when this script dies without passing a signal on (kill -9, a closed
// terminal): exit-with-parent.js then stops it the way SIGTERM does, so nothing is left behind
// holding the port or the data directory.
args.unshift('--require', path.join(__dirname, 'exit-with-parent.js'));
const child = spawn(process.execPath, args, {
  cwd: root,
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  // The local demo signs in as demo users: turn dev sign-in on unless the caller decided.
  // cloud itself keeps it off by default and warns loudly at boot when it is on.
  env: {
    ...(production ? {} : { AUTH_DEV_LOGIN: '1' }),
    ...process.env,
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
