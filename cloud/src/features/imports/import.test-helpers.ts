import fs from 'node:fs';
import path from 'node:path';
import type { ImportJobView, ImportRowView } from '@alliance-hub/types';
import type { TestApp } from '../../test/test-app';

/** The realistic rosters (copied from the secretariat's samples into the repository's fixtures). */
export const SAMPLES = path.resolve(__dirname, '../../../test/fixtures/samples');
export const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name));

export function upload(t: TestApp, auth: string, file: Buffer, name: string, target?: string) {
  const req = t.request.post('/api/v1/imports').set('Authorization', auth);
  if (target) req.field('target', target);
  return req.attach('file', file, name);
}

/** Polls the job until the background work (analysis or commit) is over. */
export async function waitForJob(
  t: TestApp,
  auth: string,
  id: string,
  timeoutMs = 60_000,
): Promise<ImportJobView> {
  const started = Date.now();
  for (;;) {
    const res = await t.request.get(`/api/v1/imports/${id}`).set('Authorization', auth).expect(200);
    const job = res.body as ImportJobView;
    const busy = job.status === 'parsing' || (job.status === 'committing' && !job.error);
    if (!busy) return job;
    if (Date.now() - started > timeoutMs) throw new Error(`import ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function uploadAndWait(t: TestApp, auth: string, file: Buffer, name: string, target?: string) {
  const res = await upload(t, auth, file, name, target).expect(202);
  return waitForJob(t, auth, (res.body as ImportJobView).id);
}

export async function allRows(t: TestApp, auth: string, id: string, query = ''): Promise<ImportRowView[]> {
  const rows: ImportRowView[] = [];
  let cursor = '';
  for (;;) {
    const res = await t.request
      .get(`/api/v1/imports/${id}/rows?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`)
      .set('Authorization', auth)
      .expect(200);
    rows.push(...res.body.items);
    if (!res.body.nextCursor) return rows;
    cursor = res.body.nextCursor;
  }
}

export async function commitAndWait(t: TestApp, auth: string, id: string): Promise<ImportJobView> {
  await t.request
    .post(`/api/v1/imports/${id}/commit`)
    .set('Authorization', auth)
    .expect((res) => {
      if (res.status !== 202 && res.status !== 200)
        throw new Error(`commit ${res.status}: ${JSON.stringify(res.body)}`);
    });
  return waitForJob(t, auth, id);
}

/** A CSV as Excel writes it (UTF-8 with BOM), from a header and rows of cells. */
export function csv(rows: string[][]): Buffer {
  const text = rows
    .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
