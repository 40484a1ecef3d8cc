import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BSON, MongoClient, type Document } from 'mongodb';
import { SERVER_FILE, start } from './server';

/**
 * Backups of an embedded-mongo data directory, taken and restored over the wire with public
 * MongoDB commands only (fsync lock, listCollections, listIndexes, find; create, createIndexes,
 * insert), so they do not depend on the on-disk snapshot and journal layout.
 *
 * The archive is one gzip stream of BSON documents, one after another (as mongodump's .bson files):
 * a header, then per collection its options and indexes followed by its documents, then an end
 * record with the counts. An archive without its end record is refused as truncated.
 */

export const ARCHIVE_FORMAT = 'embedded-mongo-backup';
const BATCH = 1000;
const SYSTEM_DBS = new Set(['admin', 'local', 'config']);

type Header = { t: 'header'; format: string; version: 1; createdAt: Date; source: string };
type CollectionRecord = { t: 'collection'; db: string; name: string; options: Document; indexes: Document[] };
type DocRecord = { t: 'doc'; db: string; name: string; d: Document };
type EndRecord = { t: 'end'; collections: number; documents: number };
type ArchiveRecord = Header | CollectionRecord | DocRecord | EndRecord;

export type BackupSummary = { file: string; collections: number; documents: number; ms: number };

/** The server running on a data directory, as it announced itself in `<dbPath>/embedded-mongo.json`. */
export function runningServerUri(dbPath: string): string | undefined {
  try {
    const info = JSON.parse(readFileSync(join(dbPath, SERVER_FILE), 'utf8')) as { uri: string; pid: number };
    process.kill(info.pid, 0);
    return info.uri;
  } catch {
    return undefined;
  }
}

async function withClient<T>(uri: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(uri, { directConnection: true });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/**
 * Writes a consistent archive of every database on the server at `uri`: writes are held by the
 * fsync lock while it reads (reads go on), then released, also when the backup fails.
 */
export async function backupServer(uri: string, file: string): Promise<BackupSummary> {
  const started = Date.now();
  mkdirSync(dirname(resolve(file)), { recursive: true });
  // Written beside the target and renamed at the end, so a failed backup never leaves a file
  // that looks like a complete archive.
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const sink = createWriteStream(partial);
  const done = pipeline(gzip, sink);
  const write = async (record: ArchiveRecord) => {
    if (!gzip.write(BSON.serialize(record))) await once(gzip, 'drain');
  };
  let collections = 0;
  let documents = 0;
  try {
    await withClient(uri, async (client) => {
      const admin = client.db('admin');
      await admin.command({ fsync: 1, lock: true });
      try {
        await write({ t: 'header', format: ARCHIVE_FORMAT, version: 1, createdAt: new Date(), source: uri });
        const { databases } = (await admin.command({ listDatabases: 1, nameOnly: true })) as {
          databases: Array<{ name: string }>;
        };
        for (const { name: dbName } of databases) {
          if (SYSTEM_DBS.has(dbName)) continue;
          const db = client.db(dbName);
          const infos = await db.listCollections({}, { nameOnly: false }).toArray();
          // Views after collections: a view is restored by create with viewOn and needs no documents.
          infos.sort((a, b) => Number(a.type === 'view') - Number(b.type === 'view'));
          for (const info of infos) {
            const isView = info.type === 'view';
            const indexes = isView ? [] : await db.collection(info.name).listIndexes().toArray();
            await write({
              t: 'collection',
              db: dbName,
              name: info.name,
              options: (info as { options?: Document }).options ?? {},
              indexes,
            });
            collections++;
            if (isView) continue;
            for await (const doc of db.collection(info.name).find({}, { batchSize: BATCH })) {
              await write({ t: 'doc', db: dbName, name: info.name, d: doc });
              documents++;
            }
          }
        }
        await write({ t: 'end', collections, documents });
      } finally {
        await admin.command({ fsyncUnlock: 1 });
      }
    });
    gzip.end();
    await done;
    renameSync(partial, file);
  } catch (err) {
    gzip.destroy();
    await done.catch(() => undefined);
    rmSync(partial, { force: true });
    throw err;
  }
  return { file, collections, documents, ms: Date.now() - started };
}

/**
 * Backs up a data directory: through the server running on it when there is one (cloud's
 * embedded database, the CLI), else by opening the directory itself for the time of the backup.
 */
export async function backupDataDir(dbPath: string, file: string): Promise<BackupSummary> {
  const uri = runningServerUri(dbPath);
  if (uri) return backupServer(uri, file);
  if (!existsSync(dbPath)) throw new Error(`no data directory at ${dbPath}`);
  // A server that holds the directory without announcing itself makes start() fail on the lock.
  const server = await start({ dbPath });
  try {
    return await backupServer(server.uri, file);
  } finally {
    await server.stop();
  }
}

/** Splits a byte stream into the BSON documents it holds (each starts with its int32 length). */
async function* readRecords(file: string): AsyncGenerator<ArchiveRecord> {
  let buffer: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file).pipe(createGunzip())) {
    buffer = buffer.length === 0 ? (chunk as Buffer) : Buffer.concat([buffer, chunk as Buffer]);
    let offset = 0;
    while (buffer.length - offset >= 4) {
      const size = buffer.readInt32LE(offset);
      if (buffer.length - offset < size) break;
      yield BSON.deserialize(buffer.subarray(offset, offset + size), {
        promoteValues: true,
      }) as ArchiveRecord;
      offset += size;
    }
    buffer = buffer.subarray(offset);
  }
  if (buffer.length > 0) throw new Error('archive ends in the middle of a record');
}

export type RestoreSummary = {
  dbPath: string;
  collections: number;
  documents: number;
  ms: number;
  movedAside?: string;
};

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Restores an archive into `dbPath`, which must be empty or missing unless `force` is set. The
 * data is loaded into a fresh directory beside it and put in place only once complete; with
 * `force`, the old directory is renamed aside (never deleted), so a wrong restore can be undone.
 */
export async function restoreDataDir(
  file: string,
  dbPath: string,
  options: { force?: boolean } = {},
): Promise<RestoreSummary> {
  const started = Date.now();
  if (!existsSync(file)) throw new Error(`no archive at ${file}`);
  if (!isEmptyDir(dbPath) && !options.force) {
    throw new Error(
      `${dbPath} is not empty; restore into a fresh directory, or pass --force to replace it (the old one is kept beside it)`,
    );
  }
  if (runningServerUri(dbPath)) throw new Error(`a server is running on ${dbPath}; stop it before restoring`);
  const staging = `${dbPath}.restoring-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  let collections = 0;
  let documents = 0;
  const server = await start({ dbPath: staging });
  try {
    await withClient(server.uri, async (client) => {
      let sawHeader = false;
      let sawEnd = false;
      let batch: { key: string; docs: Document[] } = { key: '', docs: [] };
      const flush = async () => {
        if (batch.docs.length === 0) return;
        const [db, name] = JSON.parse(batch.key) as [string, string];
        await client
          .db(db)
          .collection(name)
          .insertMany(batch.docs, { ordered: true, bypassDocumentValidation: true });
        batch = { key: batch.key, docs: [] };
      };
      for await (const record of readRecords(file)) {
        if (!sawHeader) {
          if (record.t !== 'header' || record.format !== ARCHIVE_FORMAT)
            throw new Error(`${file} is not an ${ARCHIVE_FORMAT} archive`);
          sawHeader = true;
        } else if (record.t === 'collection') {
          await flush();
          batch = { key: JSON.stringify([record.db, record.name]), docs: [] };
          const db = client.db(record.db);
          await db.createCollection(record.name, record.options);
          const indexes = record.indexes
            .filter((index) => index.name !== '_id_')
            .map(({ v: _v, ns: _ns, ...spec }) => spec as Document & { key: Document });
          if (indexes.length > 0) await db.command({ createIndexes: record.name, indexes });
          collections++;
        } else if (record.t === 'doc') {
          batch.docs.push(record.d);
          documents++;
          if (batch.docs.length >= BATCH) await flush();
        } else if (record.t === 'end') {
          await flush();
          if (record.documents !== documents || record.collections !== collections) {
            throw new Error(
              `${file} is damaged: it lists ${record.documents} documents, ${documents} were read`,
            );
          }
          sawEnd = true;
        }
      }
      if (!sawEnd) throw new Error(`${file} is truncated (no end record); nothing was restored`);
    });
  } catch (err) {
    await server.stop();
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  // A clean stop leaves one snapshot and an empty journal: the directory is ready to serve.
  await server.stop();
  let movedAside: string | undefined;
  if (existsSync(dbPath)) {
    if (isEmptyDir(dbPath)) rmSync(dbPath, { recursive: true, force: true });
    else {
      movedAside = `${dbPath}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(dbPath, movedAside);
    }
  }
  renameSync(staging, dbPath);
  return { dbPath, collections, documents, ms: Date.now() - started, ...(movedAside ? { movedAside } : {}) };
}
