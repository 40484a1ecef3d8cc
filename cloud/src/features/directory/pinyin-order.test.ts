import type { OrgSummaryView, PersonSummaryView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { seedDemoData } from '../../demo/seed-demo';
import { silentLogger } from '../../logger';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';

const pinyin = new Intl.Collator('zh');

describe('directory lists in pinyin order', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(silentLogger());
    member = await signIn(t, 'member', '拼音排序测试');
  });
  afterAll(() => t.close());

  const get = (path: string) => t.request.get(path).set('Authorization', member.auth);

  /** Every page of a list, following nextCursor with the given page size. */
  async function allPages<T>(path: string, limit: number): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      items.push(...(res.body.items as T[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return items;
  }

  it('should list organizations by name in pinyin order when no search is given', async () => {
    const res = await get('/api/v1/organizations?limit=100').expect(200);
    const names = res.body.items.map((o: OrgSummaryView) => o.name);
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort(pinyin.compare));
    // Not code-point order: that would put 东 (U+4E1C) before 哈 (U+54C8) and 大 (U+5927).
    expect(names).not.toEqual([...names].sort());
  });

  it('should page through organizations in the same pinyin order without repeats when paging by cursor', async () => {
    const full = await get('/api/v1/organizations?limit=100').expect(200);
    const paged = await allPages<OrgSummaryView>('/api/v1/organizations', 2);
    expect(paged.map((o) => o.id)).toEqual(full.body.items.map((o: OrgSummaryView) => o.id));
  });

  it('should keep pinyin order inside each ranking tier when searching', async () => {
    const res = await get(`/api/v1/organizations?q=${encodeURIComponent('大学')}&limit=100`).expect(200);
    const names: string[] = res.body.items.map((o: OrgSummaryView) => o.name);
    const inName = names.filter((n) => n.includes('大学'));
    expect(names.slice(0, inName.length)).toEqual([...inName].sort(pinyin.compare));
  });

  it('should list people by name in pinyin order across pages when paging by cursor', async () => {
    const people = await allPages<PersonSummaryView>('/api/v1/people', 3);
    const names = people.map((p) => p.name);
    expect(names.length).toBeGreaterThan(3);
    expect(names).toEqual([...names].sort(pinyin.compare));
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
  });

  it('should put a newly added name at its pinyin place when listing after a write', async () => {
    await PersonModel.create({ name: '阿阿测试' });
    const names = (await allPages<PersonSummaryView>('/api/v1/people', 50)).map((p) => p.name);
    expect(names[0]).toBe('阿阿测试');
    expect(names).toEqual([...names].sort(pinyin.compare));
  });

  it('should answer 400 INVALID_CURSOR when the record a cursor points at was deleted', async () => {
    const first = await get('/api/v1/organizations?limit=1').expect(200);
    const [org] = first.body.items as OrgSummaryView[];
    const cursor = first.body.nextCursor as string;
    const stored = await OrganizationModel.findById(org.id).lean();
    await OrganizationModel.deleteOne({ _id: org.id });
    const res = await get(`/api/v1/organizations?limit=1&cursor=${cursor}`).expect(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
    await OrganizationModel.collection.insertOne(stored!);
  });

  it('should keep a name index with the zh collation on both directory collections', async () => {
    for (const model of [OrganizationModel, PersonModel] as const) {
      await model.init();
      const indexes = await model.collection.indexes();
      const byName = indexes.find((ix) => JSON.stringify(ix.key) === JSON.stringify({ name: 1, _id: 1 }));
      expect(byName?.collation).toMatchObject({ locale: 'zh' });
    }
  });
});
