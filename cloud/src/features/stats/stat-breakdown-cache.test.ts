import type { BreakdownView } from '@alliance-hub/types';
import { signIn } from '../../test/factories';
import { startTestApp, type TestApp } from '../../test/test-app';
import { InteractionModel } from '../interactions/interaction.model';
import { OrganizationModel } from '../organizations/organization.model';
import { statsGeneration, syncStats } from './stat-sync';

let t: TestApp;
const now = new Date('2026-07-02T04:00:00Z');
let secretariat: { auth: string };

beforeAll(async () => {
  t = await startTestApp({}, { clock: () => now });
  secretariat = await signIn(t, 'secretariat');
});
afterAll(() => t.close());

let seq = 0;
async function org(name: string) {
  return OrganizationModel.create({
    name,
    nameKey: `${name}-${++seq}`,
    kind: 'enterprise',
    region: { province: '黑龙江省', city: '哈尔滨市' },
  });
}

async function interaction(orgId: unknown, at: Date, extra: Record<string, unknown> = {}) {
  const doc = {
    type: 'visit',
    at,
    orgIds: [orgId],
    personIds: [],
    visibility: 'staff',
    clientId: `breakdown-cache-${++seq}`,
    createdAt: at,
    updatedAt: new Date(),
    ...extra,
  };
  const { insertedId } = await InteractionModel.collection.insertOne(doc);
  return insertedId;
}

async function byOrganization(): Promise<BreakdownView> {
  return (
    await t.request
      .get('/api/v1/stats/2026/breakdown?by=organization&limit=100')
      .set('Authorization', secretariat.auth)
      .expect(200)
  ).body as BreakdownView;
}
const logged = (view: BreakdownView, key: string) =>
  view.rows.find((r) => r.key === key)?.values.interactions_logged ?? 0;

describe('GET /api/v1/stats/:year/breakdown served again while nothing is counted', () => {
  it('should count a write made after a breakdown was served when the breakdown is asked again', async () => {
    const a = await org('缓存甲');
    const b = await org('缓存乙');
    await interaction(a._id, new Date('2026-03-01T02:00:00Z'));
    await syncStats();
    const first = await byOrganization();
    expect(logged(first, a._id.toHexString())).toBe(1);

    // The same answer while nothing changes, and the generation stays where it was.
    const generation = await statsGeneration();
    expect(await byOrganization()).toEqual(first);
    expect(await statsGeneration()).toBe(generation);

    // A new record for b, and a's record deleted: the next breakdown counts both changes.
    await interaction(b._id, new Date('2026-04-01T02:00:00Z'));
    await InteractionModel.collection.updateMany(
      { orgIds: a._id },
      { $set: { deletedAt: new Date(), updatedAt: new Date() } },
    );
    const after = await byOrganization();
    expect(await statsGeneration()).toBeGreaterThan(generation);
    expect(logged(after, b._id.toHexString())).toBe(1);
    expect(after.rows.some((r) => r.key === a._id.toHexString())).toBe(false);
  });

  it('should count a change applied by a background pass when no request applied it', async () => {
    const c = await org('缓存丙');
    await interaction(c._id, new Date('2026-05-01T02:00:00Z'));
    await syncStats();
    expect(logged(await byOrganization(), c._id.toHexString())).toBe(1);
    await interaction(c._id, new Date('2026-05-02T02:00:00Z'));
    // The pass (another process's, as far as this breakdown knows) writes the counters first.
    await syncStats();
    expect(logged(await byOrganization(), c._id.toHexString())).toBe(2);
  });
});
