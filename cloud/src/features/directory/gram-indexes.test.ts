import { silentLogger } from '../../logger';
import { startTestApp, type TestApp } from '../../test/test-app';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { dropRetiredGramIndexes } from './gram-indexes';

describe('dropRetiredGramIndexes()', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should drop the simple-collation gram indexes and keep the pinyin ones when a database still has both', async () => {
    await OrganizationModel.create({
      name: '旧索引测试有限公司',
      nameKey: '旧索引测试有限公司',
      kind: 'enterprise',
    });
    // What a data directory from before the pinyin gram indexes holds.
    await OrganizationModel.collection.createIndex({ nameGrams: 1 }, { name: 'nameGrams_1' });
    await OrganizationModel.collection.createIndex({ textGrams: 1 }, { name: 'textGrams_1' });
    await PersonModel.collection.createIndex({ nameGrams: 1 }, { name: 'nameGrams_1' });

    await dropRetiredGramIndexes(silentLogger());

    for (const model of [OrganizationModel, PersonModel]) {
      const names = (await model.collection.indexes()).map((index) => index.name);
      expect(names).toEqual(expect.arrayContaining(['nameGrams_zh', 'textGrams_zh']));
      expect(names).not.toContain('nameGrams_1');
      expect(names).not.toContain('textGrams_1');
    }
    // Running again (the next start) finds nothing to do.
    await expect(dropRetiredGramIndexes(silentLogger())).resolves.toBeUndefined();
  });
});
