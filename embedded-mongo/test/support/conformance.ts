import { CLIENTS, type ClientHarness } from './client-harness';
import { testTargets, uniqueDbName } from './targets';

export interface ConformanceContext {
  h(): ClientHarness;
  readonly target: string;
  readonly client: 'driver' | 'mongoose';
}

/**
 * Declares the same cases once per (server, client) pair: embedded and, when MONGODB_TEST_URI is
 * set, a real mongod; each through the official driver and through mongoose.
 */
export function describeConformance(title: string, body: (ctx: ConformanceContext) => void): void {
  for (const [client, make] of CLIENTS) {
    for (const target of testTargets()) {
      describe(`${title} [${target.name}/${client}]`, () => {
        let harness: ClientHarness;
        beforeAll(async () => {
          const uri = await target.connect();
          harness = await make(uri, uniqueDbName(title.replace(/\W+/g, '').slice(0, 12)));
        });
        afterAll(async () => {
          await harness
            ?.db()
            .dropDatabase()
            .catch(() => undefined);
          await harness?.close();
          await target.close();
        });
        body({ h: () => harness, target: target.name, client });
      });
    }
  }
}

/** Runs a promise expected to fail and returns the error for shape assertions. */
export async function failure(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected the operation to fail');
}
