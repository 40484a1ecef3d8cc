import mongoose from 'mongoose';
import type * as EmbeddedMongo from 'embedded-mongo';
import type { Logger } from './logger';
import { startEmbeddedOnThread, type EmbeddedServer } from './embedded-db-thread';

export type DatabaseKind = 'embedded' | 'external';
export type DatabaseState = 'up' | 'down' | 'connecting';

export type Database = {
  kind: DatabaseKind;
  connection: mongoose.Connection;
  /** Cheap liveness probe: the connection state plus a ping with a short deadline. */
  state(): Promise<DatabaseState>;
  close(): Promise<void>;
};

// Operator keys never reach a query: every request is parsed by a strict zod schema that rejects
// `$` keys (middleware/validate.ts). Mongoose's global sanitizeFilter is not used because it would
// also neuter the server's own trusted operators. Unknown paths in a filter are an error.
mongoose.set('strictQuery', 'throw');

const PING_TIMEOUT_MS = 1500;

async function ping(connection: mongoose.Connection): Promise<boolean> {
  const db = connection.db;
  if (!db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.admin().ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timeout')), PING_TIMEOUT_MS);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export type DatabaseOptions = {
  /** Real MongoDB in production. When absent an embedded server is started on loopback. */
  mongodbUri?: string;
  dataDir?: string;
  embeddedPort?: number;
  /** Tests pass false to get a throw-away in-memory embedded database. */
  persist?: boolean;
  /**
   * Where the embedded server runs: on its own thread (the default: the API and the database
   * each get a core), or on the API's thread ('main'), which jest suites use to start fast.
   */
  embeddedThread?: 'worker' | 'main';
  /**
   * The embedded server already being started on its thread (server.ts starts it before loading
   * the rest of cloud); connectDatabase then waits for it instead of starting one.
   */
  embedded?: Promise<EmbeddedServer>;
  /** Tests only: lets them inject database faults with configureFailPoint (embedded, main thread). */
  enableTestCommands?: boolean;
  /**
   * true (default): mongoose creates every model's collection and indexes at connect, one command
   * per index, as models compiled later also get. false: nothing is created here and the caller
   * runs ensureIndexes (server.ts), which reads the catalog and builds only what is missing.
   */
  autoIndex?: boolean;
  /**
   * Opens EMBEDDED_POOL connections to the embedded server at connect and keeps them, instead of
   * growing the pool as requests queue for it (the driver opens two at a time). The first burst
   * after a start (50 members opening 名录 together) otherwise waits for the pool to grow: at
   * directory scale its slowest answer took ~0.73 s (median of 11 runs), ~0.38 s with the pool
   * warm. Ignored with MONGODB_URI, whose pool options belong in the URI.
   */
  warmPool?: boolean;
  logger: Logger;
};

/**
 * Loopback connections cost a socket and a few KB a side. More than the two cores keep busy only
 * queue inside the server instead of in the driver (50 measured no better than 12 or 16).
 */
export const EMBEDDED_POOL = 16;

/**
 * Connects mongoose over the wire. With no MONGODB_URI the embedded server is started first
 * and mongoose connects to it exactly as it would to a real mongod: one code path.
 */
export async function connectDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let uri = options.mongodbUri;
  if (!uri) {
    const dbPath = options.persist === false ? undefined : options.dataDir;
    const port = options.embeddedPort ?? 0;
    if (options.embedded) {
      embedded = await options.embedded;
    } else if (options.embeddedThread === 'main') {
      // Loaded lazily so a production process never touches the embedded server's code.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { start } = require('embedded-mongo') as typeof EmbeddedMongo;
      embedded = await start({
        port,
        dbPath,
        enableTestCommands: options.enableTestCommands === true,
        logger: {
          info: (msg, extra) => options.logger.info(extra ?? {}, `embedded-mongo: ${msg}`),
          warn: (msg, extra) => options.logger.warn(extra ?? {}, `embedded-mongo: ${msg}`),
          error: (msg, extra) => options.logger.error(extra ?? {}, `embedded-mongo: ${msg}`),
        },
      });
    } else {
      embedded = await startEmbeddedOnThread({ port, dbPath, logger: options.logger });
    }
    uri = `${embedded.uri.replace(/\/?$/, '/')}alliance_hub`;
    options.logger.info(
      { dataDir: options.persist === false ? 'memory' : options.dataDir },
      'embedded database started',
    );
  }
  const connection = mongoose.connection;
  try {
    const autoIndex = options.autoIndex !== false;
    await mongoose.connect(uri, {
      serverSelectionTimeoutMS: 10_000,
      autoIndex,
      autoCreate: autoIndex,
      ...(embedded && options.warmPool ? { minPoolSize: EMBEDDED_POOL } : {}),
    });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  // An index that cannot be built (a unique one over data that already holds duplicates) must not
  // keep cloud from starting: it is logged here and reported by the start-up index pass
  // (features/health/index-report.ts), which tries again once the data is mended.
  await Promise.all(
    Object.values(options.autoIndex === false ? {} : connection.models).map((model) =>
      model.init().catch((err: unknown) => {
        options.logger.error(
          { err, collection: model.collection.collectionName },
          'building an index failed; cloud starts without it',
        );
      }),
    ),
  );
  return {
    kind: embedded ? 'embedded' : 'external',
    connection,
    async state() {
      if (connection.readyState === mongoose.ConnectionStates.connecting) return 'connecting';
      if (connection.readyState !== mongoose.ConnectionStates.connected) return 'down';
      return (await ping(connection)) ? 'up' : 'down';
    },
    async close() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}
