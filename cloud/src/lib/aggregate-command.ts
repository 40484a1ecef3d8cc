import mongoose, { type Model, type PipelineStage } from 'mongoose';

type Collation = NonNullable<mongoose.mongo.AggregateOptions['collation']>;

type CursorReply<D> = { cursor: { id: unknown; firstBatch?: D[]; nextBatch?: D[] } };

const isOpen = (id: unknown) => id != null && !(typeof id === 'number' ? id === 0 : String(id) === '0');

/**
 * The whole answer of an aggregation on `model`'s collection, sent as a plain `aggregate` command
 * (directory search, authentication: reads every request makes, #19). Skipping mongoose's Aggregate
 * (its per-call work; no hooks, no casting of a pipeline) and the driver's cursor (open, iterate,
 * close) saves the API thread CPU on each. An answer of at most 101 documents (the server's default
 * first batch) comes in one reply and the server closes the cursor itself; should it keep the
 * cursor open, the rest is read with getMore until it closes it, so the answer is always whole.
 * Before the connection is open, mongoose's own Aggregate runs instead: it waits for the connection.
 * Nothing is cached: each call reads the collection afresh.
 */
export async function aggregateAll<D>(
  model: Pick<Model<never>, 'collection' | 'aggregate'>,
  pipeline: PipelineStage[],
  options: { collation?: Collation } = {},
): Promise<D[]> {
  const db = model.collection.conn.db;
  if (!db) {
    const aggregate = model.aggregate<D>(pipeline);
    return options.collation ? aggregate.collation(options.collation) : aggregate;
  }
  const collection = model.collection.collectionName;
  let reply = (await db.command({
    aggregate: collection,
    pipeline,
    ...(options.collation && { collation: options.collation }),
    cursor: {},
  })) as CursorReply<D>;
  const docs = reply.cursor.firstBatch ?? [];
  while (isOpen(reply.cursor.id)) {
    // An id the reply promoted to a number goes back as the int64 getMore requires.
    const id = mongoose.mongo.Long.fromValue(reply.cursor.id as number);
    reply = (await db.command({ getMore: id, collection })) as CursorReply<D>;
    docs.push(...(reply.cursor.nextBatch ?? []));
  }
  return docs;
}
