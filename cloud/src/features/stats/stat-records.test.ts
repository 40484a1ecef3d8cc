import type { Types } from 'mongoose';
import type { StatRecordsView } from '@alliance-hub/types';
import { createOrganization, signIn } from '../../test/factories';
import { startTestApp, type TestApp } from '../../test/test-app';
import { InteractionModel } from '../interactions/interaction.model';
import { IntentModel } from '../intents/intent.model';
import { backfillStatRecordDates } from './stat-record-dates';
import { StatRecordDateModel } from './stat.model';

let t: TestApp;
let coordinator: { auth: string };
let orgId: Types.ObjectId;

/** Beijing wall-clock time → the instant. */
const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await signIn(t, 'coordinator');
  orgId = (await createOrganization('大连船舶重工'))._id;
});
afterAll(() => t.close());

let seq = 0;
const interaction = (at: Date) => ({
  type: 'visit' as const,
  at,
  orgIds: [orgId],
  clientId: `records-order-${++seq}`,
});

async function page(year: number, query: string): Promise<StatRecordsView> {
  return (
    await t.request
      .get(`/api/v1/stats/${year}/records?${query}`)
      .set('Authorization', coordinator.auth)
      .expect(200)
  ).body as StatRecordsView;
}

/** Every page of a drill-down, following the cursor. */
async function walk(year: number, query: string, limit: number) {
  const items: StatRecordsView['items'] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const view = await page(year, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...view.items);
    cursor = view.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  return items;
}

describe('GET /api/v1/stats/:year/records (order)', () => {
  it('should list the records newest first by the date that made them count, across pages and ties', async () => {
    // Created in an order unlike their dates, so an _id order would differ.
    const dates = [
      bj('2021-03-05T10:00:00'),
      bj('2021-11-20T09:00:00'),
      bj('2021-01-02T08:00:00'),
      bj('2021-07-15T14:00:00'),
      bj('2021-07-15T14:00:00'),
    ];
    const created = [];
    for (const at of dates) created.push(await InteractionModel.create(interaction(at)));

    const items = await walk(2021, 'kpi=interactions_logged', 2);
    expect(items.map((i) => i.at)).toEqual(
      [...dates].sort((x, y) => y.getTime() - x.getTime()).map((d) => d.toISOString()),
    );
    // The two on the same minute: the later-created (greater id) first, each once.
    const tied = created
      .filter((doc) => doc.at.getTime() === dates[3].getTime())
      .map((doc) => doc.id as string);
    expect(items.slice(1, 3).map((i) => i.id)).toEqual([...tied].reverse());
    expect(new Set(items.map((i) => i.id)).size).toBe(5);

    // One month's list, and a page through the tie one record at a time.
    const july = await walk(2021, 'kpi=interactions_logged&month=7', 1);
    expect(july.map((i) => i.id)).toEqual([...tied].reverse());
  });

  it('should move a record in the list when the date it counts at changes', async () => {
    const doc = await InteractionModel.create(interaction(bj('2020-02-01T10:00:00')));
    await InteractionModel.create(interaction(bj('2020-05-01T10:00:00')));
    expect((await walk(2020, 'kpi=interactions_logged', 10)).map((i) => i.id)[1]).toBe(doc.id);

    await InteractionModel.updateOne({ _id: doc._id }, { $set: { at: bj('2020-09-01T10:00:00') } });
    const items = await walk(2020, 'kpi=interactions_logged', 10);
    expect(items.map((i) => i.id)[0]).toBe(doc.id);
    expect(items[0].at).toBe(bj('2020-09-01T10:00:00').toISOString());
    expect(items).toHaveLength(2);
    expect((await page(2020, 'kpi=interactions_logged&month=2')).items).toEqual([]);
  });

  it('should list a record counting at two dates at each, with the amount of each', async () => {
    await IntentModel.collection.insertOne({
      createdAt: new Date(),
      updatedAt: new Date(),
      topic: '船用高强钢焊接工艺合作',
      stage: 'executing',
      stageHistory: [{ from: null, to: 'lead', at: bj('2019-01-10T10:00:00'), recordedAt: new Date() }],
      partyOrgIds: [orgId],
      funding: [
        { programme: '省重点研发', amount: 80, status: 'received', at: bj('2019-03-01T10:00:00') },
        { programme: '市科技计划', amount: 20, status: 'approved', at: bj('2019-10-01T10:00:00') },
      ],
      clientId: 'records-order-intent',
    });
    const view = await page(2019, 'kpi=funding_won');
    expect(view.items.map((i) => [i.title, i.at, i.value])).toEqual([
      ['船用高强钢焊接工艺合作', bj('2019-10-01T10:00:00').toISOString(), 20],
      ['船用高强钢焊接工艺合作', bj('2019-03-01T10:00:00').toISOString(), 80],
    ]);
    expect(view.sum).toBe(100);
  });

  it('should rebuild the date index from the ledger for a database counted before it existed', async () => {
    await InteractionModel.create(interaction(bj('2018-04-01T10:00:00')));
    await page(2018, 'kpi=interactions_logged');
    await StatRecordDateModel.deleteMany({});
    expect((await page(2018, 'kpi=interactions_logged')).items).toEqual([]);
    await backfillStatRecordDates();
    expect((await page(2018, 'kpi=interactions_logged')).items).toHaveLength(1);
    // Served by its own index: {ks, a, r}.
    const indexes = await StatRecordDateModel.collection.indexes();
    expect(indexes.map((i) => i.key)).toContainEqual({ ks: 1, a: -1, r: -1 });
  });

  it('should 400 a cursor of the old offset form', async () => {
    const res = await t.request
      .get('/api/v1/stats/2021/records?kpi=interactions_logged&cursor=20')
      .set('Authorization', coordinator.auth)
      .expect(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
    expect(res.body.error.message).toContain('分页游标无效');
  });
});
