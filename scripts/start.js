// `npm start`: the whole product on embedded defaults — builds the H5 front end if needed,
// then starts cloud (embedded database in ./data, fake WeChat server, demo data on first run).
const { spawn } = require('node:child_process');
const path = require('node:path');
const { ensureH5 } = require('./ensure-h5');

const root = path.resolve(__dirname, '..');
try {
  ensureH5();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(root, 'cloud/src/server.ts')], {
  cwd: root,
  stdio: 'inherit',
  // The local demo signs in as demo users: turn dev sign-in on unless the caller decided.
  // cloud itself keeps it off by default and warns loudly at boot when it is on.
  env: {
    ...(process.env.NODE_ENV === 'production' ? {} : { AUTH_DEV_LOGIN: '1' }),
    ...process.env,
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
