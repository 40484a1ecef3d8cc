import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config';
import { startEmbeddedOnThread, type EmbeddedServer } from './embedded-db-thread';
import { createLogger, type Logger } from './logger';
import type * as ServerModules from './server-modules';

type Closer = { name: string; close: () => Promise<void> };

/** With no WECHAT_SECRET outside production, WeChat is the fake server on loopback. */
async function wechatEndpoint(
  config: Config,
  logger: Logger,
  closers: Closer[],
  { startFakeWechat }: typeof ServerModules,
) {
  if (config.wechat.secret)
    return { apiBase: config.wechat.apiBase, secret: config.wechat.secret, fake: undefined };
  const secret = 'fake-wechat-dev-secret';
  const fake = await startFakeWechat({ appId: config.wechat.appId, secret, lenient: true });
  closers.push({ name: 'fake WeChat server', close: fake.stop });
  logger.info({ baseUrl: fake.baseUrl }, 'no WECHAT_SECRET: using the fake WeChat server');
  return { apiBase: fake.baseUrl, secret, fake };
}

export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, process.stdout.isTTY && config.env !== 'production');
  const closers: Closer[] = [];
  // A signal during boot (npm start stopped while the database opens) waits for the boot to finish
  // and then shuts down cleanly, instead of killing the process with the data half flushed. A
  // second one does not wait.
  let signalledDuringBoot: NodeJS.Signals | undefined;
  let onSignal = (signal: NodeJS.Signals) => {
    if (signalledDuringBoot) process.exit(1);
    signalledDuringBoot = signal;
    logger.info({ signal }, 'stopping once started');
  };
  // One listener per signal for the whole life of the process, which only changes what it calls.
  // Swapping listeners (off, then on) closes Node's signal handle and opens another, and libuv drops
  // a signal already caught for the closed handle but not yet dispatched: a SIGTERM arriving in the
  // event-loop turn that ends the boot was lost, and cloud ran on (seen when npm start was killed
  // right after cloud turned ready and exit-with-parent.js sent the SIGTERM).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => onSignal(signal));
  if (config.authDevLogin) {
    // Anyone who can reach this instance can sign in as any role, secretariat included.
    logger.warn(
      { AUTH_DEV_LOGIN: true },
      '!!! DEV SIGN-IN IS ON: anyone who can reach this server can sign in as any user or role, ' +
        'secretariat included. Never expose it; unset AUTH_DEV_LOGIN to turn it off. !!!',
    );
  }

  // No MONGODB_URI: the embedded database starts opening its data on its own thread now, while
  // this one loads the rest of cloud (server-modules.ts), rather than after it (~1 s later).
  let embedded: Promise<EmbeddedServer> | undefined;
  if (!config.mongodbUri) {
    embedded = startEmbeddedOnThread({ port: config.embeddedDbPort, dbPath: config.dataDir, logger });
    // Its failure is reported where connectDatabase awaits it.
    embedded.catch(() => {});
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const modules = require('./server-modules') as typeof ServerModules;
  const {
    createApp,
    connectDatabase,
    createWechatClient,
    seedDemoData,
    startImportSweeper,
    createCloudScheduler,
    createStatsScheduler,
    ensureTimelineIndexes,
    runMigrations,
    MIGRATIONS,
    matchingCatalog,
    systemClock,
    createLifecycle,
    ensureIndexes,
    releaseImportLeases,
    createTestClock,
    withTestControls,
  } = modules;

  const { fake: fakeWechat, ...wechatEndpointConfig } = await wechatEndpoint(
    config,
    logger,
    closers,
    modules,
  );
  const wechat = createWechatClient({
    appId: config.wechat.appId,
    logger,
    ...wechatEndpointConfig,
  });
  // Browser tests move cloud's clock and run the scheduler at once; never in production (config refuses).
  const testClock = config.testControls ? createTestClock() : undefined;
  const clock = testClock?.clock ?? systemClock;
  // Made here (it touches nothing until started, after listening) so the test controls can tick it.
  const scheduler = createCloudScheduler({ wechat, templateIds: config.wechat.templates, logger, clock });
  if (testClock) logger.warn({ TEST_CONTROLS: true }, 'test controls are on: /api/v1/test moves the clock');
  const database = await connectDatabase({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    embeddedPort: config.embeddedDbPort,
    embedded,
    warmPool: true,
    logger,
    autoIndex: false,
  });
  closers.unshift({ name: 'database', close: database.close });
  // Indexes before any data work, as mongoose's autoIndex would, but only the missing ones: a
  // restart reads the catalog (~37 round trips) instead of ~300 createIndex/create commands.
  let indexes = await ensureIndexes(logger);
  // Data migrations run once per database (a restart on migrated data only reads their records).
  const migrated = await runMigrations(MIGRATIONS, logger);
  await ensureTimelineIndexes();
  if (config.demoData) await seedDemoData(logger);

  const lifecycle = createLifecycle();
  const app = createApp({
    config,
    logger,
    database,
    wechat,
    clock,
    lifecycle,
  });
  const server = http.createServer(
    testClock
      ? withTestControls(app.callback(), { testClock, scheduler: () => scheduler, fakeWechat, logger })
      : app.callback(),
  );
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  logger.info(
    {
      url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
      database: database.kind,
    },
    '联盟通 cloud is listening',
  );

  // Readiness (GET /api/v1/health/ready) turns 200 once the indexes are checked; migrations may
  // have dropped retired ones, so they are checked again when any ran.
  if (migrated.length > 0) indexes = await ensureIndexes(logger);
  lifecycle.indexes = indexes;

  // The matching indexes are built once per process in the background, so the first 匹配 request
  // after a start does not wait for the whole library to be read; later edits apply incrementally.
  void matchingCatalog
    .warm()
    .catch((error: unknown) => logger.error({ err: error }, 'matching index build failed'));

  // Reminders run on the MongoDB-backed scheduler: every process polls, one at a time holds a job.
  await scheduler.start();
  closers.unshift({ name: 'scheduler', close: scheduler.stop });
  // The statistics counters catch up every few seconds on their own scheduler (#15); real time,
  // not the test clock: the catch-up follows the records' updatedAt.
  const statsScheduler = createStatsScheduler({ clock: systemClock, logger });
  await statsScheduler.start();
  closers.unshift({ name: 'stats scheduler', close: statsScheduler.stop });

  // Import jobs whose process died (a restart during a dry run) are resumed or failed with a reason.
  // Closers run newest first: the sweeper stops before this process hands its jobs back, so
  // another process (not this one, on its way out) resumes them at its next sweep instead of
  // after the lease runs out.
  closers.unshift({
    name: 'import leases',
    close: async () => {
      const released = await releaseImportLeases();
      if (released) logger.info({ released }, 'import jobs handed back for another process');
    },
  });
  const stopImportSweeper = startImportSweeper(logger, { leaseMs: config.importLeaseMs });
  closers.unshift({ name: 'import sweeper', close: async () => stopImportSweeper() });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Readiness answers 503 from now on, so a load balancer stops sending new requests here.
    lifecycle.draining = true;
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    // Stop accepting, let in-flight requests finish, then close what they depended on.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    for (const closer of closers) {
      try {
        await closer.close();
      } catch (err) {
        logger.error({ err }, `closing ${closer.name} failed`);
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  onSignal = (signal) => void shutdown(signal);
  if (signalledDuringBoot) void shutdown(signalledDuringBoot);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('cloud failed to start:', err);
    process.exit(1);
  });
}
