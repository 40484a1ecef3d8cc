import { resolve } from 'node:path';
import { backupDataDir, backupServer, restoreDataDir } from './backup';

const USAGE = `usage:
  npm run backup  -- [--dbpath ./data] [--uri mongodb://127.0.0.1:PORT/] [--out backups/<time>.bson.gz]
  npm run restore -- <archive> [--dbpath ./data] [--force]

backup:  a consistent archive of the data directory while its server runs (writes wait for the
         moment of the read, reads go on); without a running server the directory is opened directly.
restore: into an empty or missing directory; --force replaces a non-empty one, which is kept
         beside it as <dbpath>.before-restore-<time>.`;

type Args = { command: string; positional: string[]; flags: Map<string, string | true> };

function parseArgs(argv: string[]): Args {
  const [command = '', ...rest] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--force' || arg === '--help' || arg === '-h') flags.set(arg.replace(/^-+/, ''), true);
    else if (arg.startsWith('--')) {
      const value = rest[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
    } else positional.push(arg);
  }
  return { command, positional, flags };
}

const text = (value: string | true | undefined) => (typeof value === 'string' ? value : undefined);

async function main(): Promise<void> {
  const { command, positional, flags } = parseArgs(process.argv.slice(2));
  if (flags.has('help') || flags.has('h') || !['backup', 'restore'].includes(command)) {
    console.log(USAGE);
    process.exit(command ? 0 : 1);
  }
  const dbPath = resolve(text(flags.get('dbpath')) ?? process.env.DATA_DIR ?? './data');
  if (command === 'backup') {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const out = resolve(text(flags.get('out')) ?? `backups/alliance-hub-${stamp}.bson.gz`);
    const uri = text(flags.get('uri'));
    const summary = uri ? await backupServer(uri, out) : await backupDataDir(dbPath, out);
    console.log(
      `backup: ${summary.collections} collections, ${summary.documents} documents in ${summary.ms} ms → ${summary.file}`,
    );
    return;
  }
  const archive = positional[0];
  if (!archive) throw new Error('restore needs the archive file');
  const summary = await restoreDataDir(resolve(archive), dbPath, { force: flags.get('force') === true });
  console.log(
    `restore: ${summary.collections} collections, ${summary.documents} documents in ${summary.ms} ms → ${summary.dbPath}`,
  );
  if (summary.movedAside)
    console.log(`restore: the previous data directory is kept at ${summary.movedAside}`);
}

main().catch((err: Error) => {
  console.error(`${process.argv[2] ?? 'backup'} failed: ${err.message}`);
  process.exit(1);
});
