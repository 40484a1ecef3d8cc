import { consoleLogger } from './logger';
import { start } from './server';

interface CliArgs {
  port: number;
  dbPath?: string;
  host: string;
  allowNonLoopback: boolean;
  compactThresholdBytes?: number;
  shutdownBudgetMs?: number;
  enableTestCommands: boolean;
}

/** A whole number of milliseconds, 0 or more, or a readable error naming where it came from. */
function parseMs(value: string, from: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) {
    throw new Error(`invalid ${from} ${value}: a whole number of milliseconds, 0 or more`);
  }
  return n;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    port: 27017,
    host: '127.0.0.1',
    allowNonLoopback: false,
    enableTestCommands: false,
  };
  // The environment sets it for a supervisor that cannot change the command line; the flag wins.
  const envBudget = process.env.EMBEDDED_MONGO_SHUTDOWN_BUDGET_MS;
  if (envBudget !== undefined)
    args.shutdownBudgetMs = parseMs(envBudget, 'EMBEDDED_MONGO_SHUTDOWN_BUDGET_MS');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') args.port = Number(next());
    else if (a === '--dbpath' || a === '--dbPath') args.dbPath = next();
    else if (a === '--bind' || a === '--bind_ip') args.host = next();
    else if (a === '--allow-non-loopback') args.allowNonLoopback = true;
    else if (a === '--compact-threshold-bytes') args.compactThresholdBytes = Number(next());
    else if (a === '--shutdown-budget-ms') args.shutdownBudgetMs = parseMs(next(), '--shutdown-budget-ms');
    // mongod spells it --setParameter enableTestCommands=1; both forms are accepted.
    else if (a === '--enable-test-commands') args.enableTestCommands = true;
    else if (a === '--setParameter') {
      const v = next();
      if (v !== 'enableTestCommands=1' && v !== 'enableTestCommands=true') {
        throw new Error(`unsupported --setParameter ${v}`);
      }
      args.enableTestCommands = true;
    } else if (a === '--help' || a === '-h') {
      console.log(
        'usage: embedded-mongo [--port 27017] [--dbpath ./data] [--bind 127.0.0.1] [--allow-non-loopback] [--enable-test-commands]\n' +
          '                      [--shutdown-budget-ms 5000] (or EMBEDDED_MONGO_SHUTDOWN_BUDGET_MS): the longest SIGTERM waits for the final snapshot and the disk',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)
    throw new Error(`invalid --port ${args.port}`);
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = await start({ ...args, logger: consoleLogger });
  console.log(
    `[embedded-mongo] ready on ${server.uri} (${args.dbPath ? `dbpath ${args.dbPath}` : 'in-memory'}) pid ${process.pid}`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[embedded-mongo] ${signal} received, stopping`);
    server.stop().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`[embedded-mongo] stop failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`[embedded-mongo] failed to start: ${err.message}`);
  process.exit(1);
});
