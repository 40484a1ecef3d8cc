/**
 * Import benchmark: a 10,000-row roster (.xlsx, one row per contact) through parse + dry run,
 * commit, and a re-import of the same file (all rows unchanged), on an in-memory embedded
 * database. Run: npm run bench:import -w @alliance-hub/cloud  (ROWS=50000 to try the limit).
 */
import { Types } from 'mongoose';
import { connectDatabase } from '../src/database';
import { silentLogger } from '../src/logger';
import type { Actor } from '../src/policy/policy';
import { rosterXlsx } from '../src/features/imports/import.generate';
import { commit, createImport, getImport, settled } from '../src/features/imports/import.service';

const ROWS = Number(process.env.ROWS ?? 10_000);

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

async function main() {
  const logger = silentLogger();
  const database = await connectDatabase({ persist: false, logger });
  const actor: Actor = {
    id: new Types.ObjectId(),
    role: 'secretariat',
    status: 'active',
    orgId: null,
    personId: null,
    sessionId: new Types.ObjectId(),
  };
  const options = { logger };
  try {
    const [file, generateMs] = await timed(() => rosterXlsx(ROWS));
    const analyse = async () => {
      const job = await createImport(actor, { buffer: file, fileName: 'roster.xlsx' }, options);
      await settled(job.id);
      return getImport(job.id);
    };
    const [first, firstMs] = await timed(analyse);
    const [, commitMs] = await timed(async () => {
      await commit(actor, first.id, options);
      await settled(first.id);
    });
    const committed = await getImport(first.id);
    const [again, againMs] = await timed(analyse);

    const table = [
      {
        step: `generate ${ROWS}-row xlsx`,
        ms: generateMs,
        note: `${(file.length / 1024 / 1024).toFixed(1)} MB`,
      },
      {
        step: 'upload: parse + dry run',
        ms: firstMs,
        note: `new ${first.counts.new}, invalid ${first.counts.invalid}`,
      },
      {
        step: 'commit',
        ms: commitMs,
        note: `orgs +${committed.result?.organizationsCreated}, people +${committed.result?.peopleCreated}`,
      },
      {
        step: 're-import: parse + dry run',
        ms: againMs,
        note: `unchanged ${again.counts.unchanged} of ${again.progress.total}`,
      },
    ];
    console.log(`\nimport benchmark (${ROWS} rows, embedded in-memory database)\n`);
    console.log('step                           ms       rows/s   note');
    for (const r of table) {
      const rate = r.step.startsWith('generate') ? '' : String(Math.round((ROWS / r.ms) * 1000));
      console.log(
        `${r.step.padEnd(30)} ${Math.round(r.ms).toString().padStart(7)}  ${rate.padStart(7)}   ${r.note}`,
      );
    }
    if (committed.status !== 'committed' || again.counts.unchanged !== ROWS) {
      console.error('\nunexpected result', committed.status, again.counts);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

void main();
