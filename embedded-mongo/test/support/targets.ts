import { start, type RunningServer } from '../../src';

/** A server the conformance cases run against: always the embedded one, plus MONGODB_TEST_URI when set. */
export interface Target {
  name: string;
  connect(): Promise<string>;
  close(): Promise<void>;
}

function embeddedTarget(): Target {
  let server: RunningServer | undefined;
  return {
    name: 'embedded',
    connect: async () => {
      // Test commands on, as a mongod started for driver tests would be (configureFailPoint).
      server = await start({ enableTestCommands: true });
      return server.uri;
    },
    close: async () => {
      await server?.stop();
    },
  };
}

function externalTarget(uri: string): Target {
  return { name: 'mongod', connect: async () => uri, close: async () => undefined };
}

export function testTargets(): Target[] {
  const targets = [embeddedTarget()];
  if (process.env.MONGODB_TEST_URI) targets.push(externalTarget(process.env.MONGODB_TEST_URI));
  return targets;
}

let dbCounter = 0;
/** A database name unique to this run, so cases can run against a shared real mongod. */
export function uniqueDbName(prefix: string): string {
  return `em_${prefix}_${process.pid}_${Date.now().toString(36)}_${dbCounter++}`;
}
