import { startTestApp, type TestApp } from '../../test/test-app';
import { OrganizationModel } from '../organizations/organization.model';
import { NAME_ORDER, PINYIN, oneTierAtATime, unionOfTiers } from './tiered-search';

type Named = { _id: unknown; name: string; kind: string };

describe('unionOfTiers (tiers of a ranked search in one aggregate command)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const kinds = ['enterprise', 'university', 'institute'] as const;
    await OrganizationModel.insertMany(
      Array.from({ length: 150 }, (_, i) => ({
        name: `${['张', '李', '王', '赵', '阿'][i % 5]}合作单位${String(i).padStart(3, '0')}`,
        nameKey: `tiered-${i}`,
        kind: kinds[i % 3],
      })),
    );
  });
  afterAll(() => t.close());

  // The reference: each tier on its own through the driver's cursor, as the people list reads.
  const byCursor = oneTierAtATime<Named>((filter, limit) =>
    OrganizationModel.collection
      .find<Named>(filter, { projection: { name: 1, kind: 1 } })
      .sort(NAME_ORDER)
      .collation(PINYIN)
      .limit(limit)
      .toArray(),
  );
  const byUnion = unionOfTiers<Named>(OrganizationModel, { name: 1, kind: 1 });

  const tiers = [{ kind: 'university' }, { kind: 'enterprise' }, { kind: 'institute' }];
  const shape = (docs: Array<Named & { tier: number }>) =>
    docs.map((d) => ({ id: String(d._id), name: d.name, kind: d.kind, tier: d.tier }));

  it('should give the same page as reading each tier with a cursor when the page fits one batch', async () => {
    const union = await byUnion(tiers, 21);
    expect(union).toHaveLength(21);
    expect(shape(union)).toEqual(shape(await byCursor(tiers, 21)));
  });

  it('should read the rest of the answer when it is larger than the first batch (101 documents)', async () => {
    const union = await byUnion(tiers, 140);
    expect(union).toHaveLength(140);
    expect(shape(union)).toEqual(shape(await byCursor(tiers, 140)));
    expect(union.map((d) => d.tier)).toEqual([...union.map((d) => d.tier)].sort());
  });

  it('should give an empty page when no tier matches', async () => {
    expect(await byUnion([{ kind: 'association' }, { name: '无此单位' }], 21)).toEqual([]);
  });
});
