// `npm run build:server`: cloud and embedded-mongo compiled to JavaScript for production.
//
// esbuild bundles each entry point with our own workspaces (@alliance-hub/types and
// embedded-mongo, which ship TypeScript sources) compiled in, and leaves every npm dependency
// as an ordinary require() of node_modules. Chosen over tsc because the workspaces point their
// "main" at .ts sources for jest and tsx: a tsc build would have to rewrite every workspace to
// a dist/ layout; the bundle needs no change to how development and tests resolve modules.
// esbuild is already in the tree (tsx runs on it), so this adds no new toolchain.
const path = require('node:path');
const fs = require('node:fs');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const WORKSPACES = new Set(['@alliance-hub/types', 'embedded-mongo']);

function externalDependencies(...packageDirs) {
  const names = new Set();
  for (const dir of packageDirs) {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (!WORKSPACES.has(name)) names.add(name);
    }
  }
  return [...names];
}

/**
 * Worker threads load their own files: each worker is an entry point of its own, written beside
 * the server so `path.join(__dirname, 'x.worker' + extname)` finds it in dist/ as in src/.
 */
const TARGETS = [
  {
    outdir: 'cloud/dist',
    entryPoints: {
      server: 'cloud/src/server.ts',
      'embedded-db.worker': 'cloud/src/embedded-db.worker.ts',
      'import.parse-worker': 'cloud/src/features/imports/import.parse-worker.ts',
    },
    external: externalDependencies('cloud', 'embedded-mongo', 'types'),
  },
  {
    outdir: 'embedded-mongo/dist',
    entryPoints: { cli: 'embedded-mongo/src/cli.ts', index: 'embedded-mongo/src/index.ts' },
    external: externalDependencies('embedded-mongo'),
  },
];

async function buildServer({ outRoot = root, quiet = false } = {}) {
  const started = Date.now();
  const outputs = [];
  for (const target of TARGETS) {
    const outdir = path.join(outRoot, target.outdir);
    fs.rmSync(outdir, { recursive: true, force: true });
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: target.entryPoints,
      outdir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      // Stack traces in production logs point at the TypeScript sources.
      sourcesContent: false,
      external: target.external,
      logLevel: quiet ? 'silent' : 'warning',
      metafile: true,
    });
    outputs.push(...Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')));
  }
  if (!quiet)
    console.log(`built ${outputs.length} files in ${Date.now() - started} ms:\n  ${outputs.join('\n  ')}`);
  return outputs;
}

module.exports = { buildServer };

if (require.main === module) {
  const outRoot = process.argv[2] ? path.resolve(process.argv[2]) : root;
  buildServer({ outRoot }).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
