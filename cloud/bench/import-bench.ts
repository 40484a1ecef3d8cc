/**
 * Import benchmark: a 10,000-row roster (.xlsx, one row per contact) through parse + dry run,
 * commit, and a re-import of the same file (all rows unchanged), on an in-memory embedded
 * database. Then hostile uploads over HTTP (a 1.4-million-row sheet, a ~300 KB zip bomb, one
 * whose zip headers lie): how long until refused, how /health answers meanwhile, and the
 * process's peak memory. Run: npm run bench:import -w @alliance-hub/cloud  (ROWS=50000 to try
 * the limit, BIG_ROWS=… for the tall sheet).
 */
import { Types } from 'mongoose';
import { connectDatabase } from '../src/database';
import { silentLogger } from '../src/logger';
import type { Actor } from '../src/policy/policy';
import { rosterXlsx } from '../src/features/imports/import.generate';
import { commit, createImport, getImport, settled } from '../src/features/imports/import.service';
import { bombXlsx, tallXlsx } from '../src/features/imports/import.test-xlsx';
import { startTestApp } from '../src/test/test-app';
import { signIn } from '../src/test/factories';

const ROWS = Number(process.env.ROWS ?? 10_000);
const BIG_ROWS = Number(process.env.BIG_ROWS ?? 1_400_000);

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

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;

/** Uploads hostile files over HTTP while /health is polled every 50 ms; prints what each cost. */
async function hostileUploads() {
  const t = await startTestApp();
  try {
    const { auth } = await signIn(t, 'secretariat');
    const files: Array<{ name: string; make: () => Promise<Buffer> | Buffer }> = [
      {
        name: `${BIG_ROWS.toLocaleString('en')}-row sheet`,
        make: () => tallXlsx(BIG_ROWS, { repetitive: true }),
      },
      { name: 'zip bomb (300 MB of zeros)', make: () => bombXlsx(300) },
      { name: 'zip bomb, headers claim 2 KB', make: () => bombXlsx(300, 2_000) },
    ];
    console.log(`\nhostile uploads (POST /api/v1/imports while GET /api/v1/health is polled)\n`);
    console.log(
      'file                             size MB  answer                       ms   health n  p50 ms  max ms  RSS MB before → peak',
    );
    for (const f of files) {
      const file = await f.make();
      global.gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const started = performance.now();
      let done = false;
      const answer = t.request
        .post('/api/v1/imports')
        .set('Authorization', auth)
        .attach('file', file, 'hostile.xlsx')
        .then((res) => {
          done = true;
          return res;
        });
      const latencies: number[] = [];
      while (!done) {
        const sent = performance.now();
        await t.request.get('/api/v1/health');
        latencies.push(performance.now() - sent);
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await answer;
      const ms = performance.now() - started;
      clearInterval(sampler);
      latencies.sort((a, b) => a - b);
      const code = `${res.status} ${(res.body as { error?: { code?: string } }).error?.code ?? ''}`;
      console.log(
        `${f.name.padEnd(32)} ${(file.length / 1024 / 1024).toFixed(2).padStart(7)}  ${code.padEnd(26)} ${Math.round(
          ms,
        )
          .toString()
          .padStart(6)}  ${String(latencies.length).padStart(8)}  ${Math.round(percentile(latencies, 0.5))
          .toString()
          .padStart(6)}  ${Math.round(latencies[latencies.length - 1] ?? NaN)
          .toString()
          .padStart(6)}  ${Math.round(base / 1024 / 1024)} → ${Math.round(peak / 1024 / 1024)}`,
      );
    }
  } finally {
    await t.close();
  }
}

void main().then(hostileUploads);
