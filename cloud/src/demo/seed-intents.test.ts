import { IntentBoardView, IntentChainView, IntentPage } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../test/test-app';
import { silentLogger } from '../logger';
import { IntentModel } from '../features/intents/intent.model';
import { seedDemoData } from './seed-demo';

describe('demo intents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(silentLogger());
  });
  afterAll(() => t.close());

  const signInAs = async (name: string) => {
    const users = await t.request.get('/api/v1/auth/dev/users').expect(200);
    const user = users.body.items.find((u: { displayName: string }) => u.displayName === name);
    const res = await t.request.post('/api/v1/auth/dev').send({ userId: user.id }).expect(200);
    return `Bearer ${res.body.token as string}`;
  };

  it('should load the demo intents once, across stages and both years, with a three-link chain over two years', async () => {
    const count = await IntentModel.countDocuments();
    expect(count).toBeGreaterThanOrEqual(20);
    await seedDemoData(silentLogger());
    expect(await IntentModel.countDocuments()).toBe(count);
    const stages = await IntentModel.distinct('stage');
    expect(stages).toHaveLength(6);
    expect(await IntentModel.countDocuments({ years: 2025 })).toBeGreaterThan(0);
    expect(await IntentModel.countDocuments({ years: 2026 })).toBeGreaterThan(0);
    const staff = await signInAs('白衬衫·李明');
    const last = await IntentModel.findOne({ clientId: 'demo-intent-chain-3' }).lean();
    const chain = IntentChainView.parse(
      (await t.request.get(`/api/v1/intents/${last!._id}/chain`).set('Authorization', staff).expect(200))
        .body,
    );
    expect(chain.nodes.map((n) => n.depth)).toEqual([0, 1, 2]);
    const board = IntentBoardView.parse(
      (await t.request.get('/api/v1/intents/board').set('Authorization', staff).expect(200)).body,
    );
    expect(board.columns.every((c) => c.count > 0)).toBe(true);
    expect(board.columns.some((c) => c.staleCount > 0)).toBe(true);
  });

  it('should show member 周晓燕 her organization’s intents', async () => {
    const member = await signInAs('周晓燕');
    const page = IntentPage.parse(
      (await t.request.get('/api/v1/intents?status=all').set('Authorization', member).expect(200)).body,
    );
    expect(page.items.length).toBeGreaterThanOrEqual(4);
    expect(
      page.items.every((i) => i.parties.some((p) => p.organization.name === '大庆华科新材料有限公司')),
    ).toBe(true);
  });
});
