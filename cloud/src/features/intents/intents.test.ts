import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import {
  IntentBoardView,
  IntentChainView,
  IntentPage,
  IntentView,
  type IntentCreateBody,
} from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { createOrganization, signInMemberOf, signIn } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';
import { PersonModel } from '../people/person.model';
import { SelectionModel } from '../selections/selection.model';
import { TaskModel } from '../tasks/task.model';
import { UserModel } from '../users/user.model';
import { IntentModel } from './intent.model';
import { alertStaleIntents } from './intent.stale';
import { createIntentFromMatch } from './intent.service';
import type { Actor } from '../../policy/policy';

const now = new Date('2026-06-15T02:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { clock: () => now });
});
afterAll(() => t.close());

const DAY = 24 * 3600_000;

const org = createOrganization;

const memberOf = (orgId: unknown) => signInMemberOf(t, orgId);

async function setup() {
  const coordinator = await signIn(t, 'coordinator');
  const demand = await org('东轻铝业');
  const supply = await org('哈工大焊接所');
  return { coordinator, demand, supply };
}

const body = (
  demandId: string,
  supplyId: string,
  extra: Partial<IntentCreateBody> = {},
): IntentCreateBody => ({
  clientId: randomUUID(),
  topic: '高强铝合金焊接工艺联合开发',
  parties: [
    { organizationId: demandId, role: 'demand' },
    { organizationId: supplyId, role: 'supply' },
  ],
  note: '对方总工比较谨慎，先做小试',
  ...extra,
});

async function create(auth: string, payload: IntentCreateBody) {
  const res = await t.request.post('/api/v1/intents').set('Authorization', auth).send(payload);
  expect(res.status).toBe(201);
  return IntentView.parse(res.body);
}

const contract = {
  type: 'dev_commission' as const,
  amount: 120,
  techAmount: 100,
  signedAt: '2026-06-10T02:00:00Z',
  registrationNo: '2026230104000123',
};

describe('POST /api/v1/intents', () => {
  it('should create one intent with its first stage entry when the same clientId is retried', async () => {
    const { coordinator, demand, supply } = await setup();
    const payload = body(demand.id, supply.id);
    const responses = await Promise.all(
      [0, 1, 2].map(() =>
        t.request.post('/api/v1/intents').set('Authorization', coordinator.auth).send(payload),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(await IntentModel.countDocuments({ clientId: payload.clientId })).toBe(1);
    const view = IntentView.parse(responses[0].body);
    expect(view.stage).toBe('lead');
    expect(view.owner?.id).toBe(coordinator.user.id);
    expect(view.stageHistory).toHaveLength(1);
    expect(view.stageHistory[0]).toMatchObject({ from: null, to: 'lead', backdated: false });
    expect(view.parties.map((p) => p.organization.name)).toEqual(['东轻铝业', '哈工大焊接所']);
    expect(await AuditModel.countDocuments({ action: 'intent.create', 'entity.id': view.id })).toBe(1);
  });

  it('should 403 when a member creates an intent', async () => {
    const { demand, supply } = await setup();
    const member = await memberOf(demand._id);
    const res = await t.request
      .post('/api/v1/intents')
      .set('Authorization', member.auth)
      .send(body(demand.id, supply.id));
    expect(res.status).toBe(403);
  });

  it('should 400 with a Chinese message when a party organization does not exist', async () => {
    const { coordinator, demand } = await setup();
    const res = await t.request
      .post('/api/v1/intents')
      .set('Authorization', coordinator.auth)
      .send(body(demand.id, '64b000000000000000000001'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details[0]).toMatchObject({ path: 'body.parties.1.organizationId' });
  });

  it('should store and show the people of each party when they belong to its organization', async () => {
    const { coordinator, demand, supply } = await setup();
    const wang = await PersonModel.create({ name: '王总工', orgId: demand._id });
    const li = await PersonModel.create({ name: '李教授', orgId: supply._id });
    const view = await create(
      coordinator.auth,
      body(demand.id, supply.id, {
        parties: [
          { organizationId: demand.id, role: 'demand', personIds: [wang.id] },
          { organizationId: supply.id, role: 'supply', personIds: [li.id] },
        ],
      }),
    );
    expect(view.parties.map((p) => p.people)).toEqual([
      [{ id: wang.id, name: '王总工' }],
      [{ id: li.id, name: '李教授' }],
    ]);
    const stored = await IntentModel.findById(view.id).lean();
    expect(stored?.parties[1].personIds.map(String)).toEqual([li.id]);
  });

  it('should 400 at the party when a person belongs to another organization, and store nothing', async () => {
    const { coordinator, demand, supply } = await setup();
    const outsider = await PersonModel.create({ name: '张工', orgId: supply._id });
    const payload = body(demand.id, supply.id, {
      parties: [
        { organizationId: demand.id, role: 'demand', personIds: [outsider.id] },
        { organizationId: supply.id, role: 'supply' },
      ],
    });
    const res = await t.request.post('/api/v1/intents').set('Authorization', coordinator.auth).send(payload);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toContainEqual({
      path: 'body.parties.0.personIds',
      message: '联系人应是该单位的人员',
    });
    expect(await IntentModel.countDocuments({ clientId: payload.clientId })).toBe(0);

    // The same rule on an edit: the stored parties stay as they were.
    const view = await create(coordinator.auth, body(demand.id, supply.id));
    const edit = await t.request
      .patch(`/api/v1/intents/${view.id}`)
      .set('Authorization', coordinator.auth)
      .send({
        version: view.version,
        parties: [{ organizationId: demand.id, role: 'demand', personIds: [outsider.id] }],
      });
    expect(edit.status).toBe(400);
    expect(edit.body.error.details[0]).toMatchObject({ path: 'body.parties.0.personIds' });
    const after = await IntentModel.findById(view.id).lean();
    expect(after?.parties).toHaveLength(2);
    expect(after?.version).toBe(view.version);
  });

  it('should 400 INTENT_CONTRACT_REQUIRED when created at 签约 without a contract', async () => {
    const { coordinator, demand, supply } = await setup();
    const res = await t.request
      .post('/api/v1/intents')
      .set('Authorization', coordinator.auth)
      .send(body(demand.id, supply.id, { stage: 'signed' }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INTENT_CONTRACT_REQUIRED');
  });

  it('should mark the selection handled when the intent is created from it', async () => {
    const { coordinator, demand, supply } = await setup();
    const person = await PersonModel.create({ name: '王工', orgId: demand._id });
    const selection = await SelectionModel.create({
      eventId: randomObjectId(),
      itemKind: 'achievement',
      itemId: randomObjectId(),
      personId: person._id,
      userId: randomObjectId(),
      orgId: demand._id,
    });
    const view = await create(
      coordinator.auth,
      body(demand.id, supply.id, { from: { kind: 'selection', selectionId: selection.id } }),
    );
    expect(view.source).toEqual({ kind: 'selection', refId: selection.id });
    expect(view.links.selectionId).toBe(selection.id);
    const stored = await SelectionModel.findById(selection._id).lean();
    expect(stored?.handledAt).toBeTruthy();
    expect(stored?.handledBy?.toHexString()).toBe(coordinator.user.id);
  });
});

const randomObjectId = () => new Types.ObjectId();

describe('POST /api/v1/intents/:id/stage', () => {
  it('should move forwards and backwards, recording each move with actor and note', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(coordinator.auth, body(demand.id, supply.id));
    const moved = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, to: 'negotiating', note: '已约技术交流' })
      .expect(200);
    const back = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: moved.body.version, to: 'intent', note: '对方换了负责人，退回意向' })
      .expect(200);
    const view = IntentView.parse(back.body);
    expect(view.stage).toBe('intent');
    expect(view.stageReached).toBe('negotiating');
    expect(view.stageHistory.map((h) => [h.from, h.to])).toEqual([
      [null, 'lead'],
      ['lead', 'negotiating'],
      ['negotiating', 'intent'],
    ]);
    expect(view.stageHistory[2].note).toBe('对方换了负责人，退回意向');
    expect(view.stageHistory[2].actor?.id).toBe(coordinator.user.id);
  });

  it('should answer 409 with the current state when a second concurrent move carries the old version', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(coordinator.auth, body(demand.id, supply.id));
    const secretariat = await signIn(t, 'secretariat');
    const [a, b] = await Promise.all([
      t.request
        .post(`/api/v1/intents/${intent.id}/stage`)
        .set('Authorization', coordinator.auth)
        .send({ version: intent.version, to: 'intent' }),
      t.request
        .post(`/api/v1/intents/${intent.id}/stage`)
        .set('Authorization', secretariat.auth)
        .send({ version: intent.version, to: 'negotiating' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.error.code).toBe('CONFLICT');
    const current = IntentView.parse(loser.body.error.details.current);
    expect(current.stage).toBe(winner.body.stage);
    expect(current.version).toBe(intent.version + 1);
    const stored = await IntentModel.findById(intent.id).lean();
    expect(stored?.stageHistory).toHaveLength(2);
  });

  it('should require a reason and a note to mark lost, and keep the stage reached', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(coordinator.auth, body(demand.id, supply.id, { stage: 'negotiating' }));
    const noReason = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, status: 'lost' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.lostReason', 'body.lostNote']),
    );
    const badReason = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, status: 'lost', lostReason: 'bored', lostNote: '—' });
    expect(badReason.status).toBe(400);
    const lost = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({
        version: intent.version,
        status: 'lost',
        lostReason: 'no_budget',
        lostNote: '企业今年预算砍掉了',
      })
      .expect(200);
    const view = IntentView.parse(lost.body);
    expect(view).toMatchObject({ status: 'lost', stage: 'negotiating', stageReached: 'negotiating' });
    expect(view.lostReason).toBe('no_budget');
    expect(view.statusHistory[0]).toMatchObject({ from: 'active', to: 'lost', lostReason: 'no_budget' });
    const again = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: view.version, to: 'signed', contract });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('INVALID_STATUS_TRANSITION');
  });

  it('should flag a back-dated move and refuse a date in the future or before the last entry', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(
      coordinator.auth,
      body(demand.id, supply.id, { at: new Date(now.getTime() - 60 * DAY).toISOString() }),
    );
    expect(intent.stageHistory[0].backdated).toBe(true);
    const future = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, to: 'intent', at: new Date(now.getTime() + 2 * DAY).toISOString() });
    expect(future.status).toBe(400);
    const tooEarly = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, to: 'intent', at: new Date(now.getTime() - 90 * DAY).toISOString() });
    expect(tooEarly.status).toBe(400);
    const at = new Date(now.getTime() - 10 * DAY).toISOString();
    const ok = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, to: 'intent', at })
      .expect(200);
    const view = IntentView.parse(ok.body);
    expect(view.stageHistory[1]).toMatchObject({ at, backdated: true, recordedAt: now.toISOString() });
    expect(view.stageEnteredAt).toBe(at);
    expect(view.daysInStage).toBe(10);
  });

  it('should need a contract to enter 签约, store it with a registration warning, and allow done after', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(coordinator.auth, body(demand.id, supply.id, { stage: 'negotiating' }));
    const bare = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, to: 'signed' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.code).toBe('INTENT_CONTRACT_REQUIRED');
    const signed = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, to: 'signed', contract: { ...contract, registrationNo: 'HLJ-7' } })
      .expect(200);
    const view = IntentView.parse(signed.body);
    expect(view.contract).toMatchObject({ type: 'dev_commission', amount: 120, registrationNo: 'HLJ-7' });
    expect(view.contract?.registrationNoWarning).toContain('请核对');
    expect(view.amount).toBe(120);
    const done = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: view.version, status: 'done' })
      .expect(200);
    expect(done.body.status).toBe('done');
  });

  it('should 403 for another coordinator and 404 for a member of an unrelated organization', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(coordinator.auth, body(demand.id, supply.id));
    const other = await signIn(t, 'coordinator');
    const res = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', other.auth)
      .send({ version: intent.version, to: 'intent' });
    expect(res.status).toBe(403);
    const stranger = await memberOf((await org('无关单位'))._id);
    await t.request.get(`/api/v1/intents/${intent.id}`).set('Authorization', stranger.auth).expect(404);
    const guest = await signIn(t, 'guest');
    await t.request.get('/api/v1/intents').set('Authorization', guest.auth).expect(403);
  });
});

describe('members of a party', () => {
  it('should see their organization’s intents without staff notes, and report signing once for confirmation', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(coordinator.auth, body(demand.id, supply.id, { stage: 'negotiating' }));
    await create(coordinator.auth, body(supply.id, (await org('别家')).id));
    const member = await memberOf(demand._id);
    const list = IntentPage.parse(
      (await t.request.get('/api/v1/intents').set('Authorization', member.auth).expect(200)).body,
    );
    expect(list.items.map((i) => i.id)).toEqual([intent.id]);
    expect(list.items[0].canEdit).toBe(false);
    const seen = IntentView.parse(
      (await t.request.get(`/api/v1/intents/${intent.id}`).set('Authorization', member.auth).expect(200))
        .body,
    );
    expect(seen.stageHistory[0].note).toBeNull();
    expect(seen.canReportSigned).toBe(true);
    await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', member.auth)
      .send({ version: seen.version, to: 'signed', contract })
      .expect(403);
    const reported = await t.request
      .post(`/api/v1/intents/${intent.id}/report-signed`)
      .set('Authorization', member.auth)
      .send({ note: '上周五已签字盖章' })
      .expect(200);
    expect(reported.body.memberReportedSigned).toBe(true);
    await t.request
      .post(`/api/v1/intents/${intent.id}/report-signed`)
      .set('Authorization', member.auth)
      .send({})
      .expect(200);
    expect(
      await TaskModel.countDocuments({ 'links.intentId': intent.id, ownerId: coordinator.user.id }),
    ).toBe(1);
    const confirmed = await t.request
      .post(`/api/v1/intents/${intent.id}/stage`)
      .set('Authorization', coordinator.auth)
      .send({ version: reported.body.version + 1, to: 'signed', contract })
      .expect(200);
    expect(confirmed.body.memberReportedSigned).toBe(false);
  });
});

describe('GET /api/v1/intents/:id/chain and parents', () => {
  it('should follow the chain both ways and refuse a parent that closes a loop', async () => {
    const { coordinator, demand, supply } = await setup();
    const first = await create(coordinator.auth, body(demand.id, supply.id, { topic: '2025 小试' }));
    const second = await create(
      coordinator.auth,
      body(demand.id, supply.id, { topic: '2026 中试', parentId: first.id }),
    );
    const third = await create(
      coordinator.auth,
      body(demand.id, supply.id, { topic: '2026 量产', parentId: second.id }),
    );
    for (const id of [first.id, third.id]) {
      const chain = IntentChainView.parse(
        (
          await t.request
            .get(`/api/v1/intents/${id}/chain`)
            .set('Authorization', coordinator.auth)
            .expect(200)
        ).body,
      );
      expect(chain.rootId).toBe(first.id);
      expect(chain.currentId).toBe(id);
      expect(chain.nodes.map((n) => [n.topic, n.depth])).toEqual([
        ['2025 小试', 0],
        ['2026 中试', 1],
        ['2026 量产', 2],
      ]);
    }
    const loop = await t.request
      .patch(`/api/v1/intents/${first.id}`)
      .set('Authorization', coordinator.auth)
      .send({ version: first.version, parentId: third.id });
    expect(loop.status).toBe(400);
    expect(loop.body.error.code).toBe('INTENT_CHAIN_CYCLE');
    const self = await t.request
      .patch(`/api/v1/intents/${first.id}`)
      .set('Authorization', coordinator.auth)
      .send({ version: first.version, parentId: first.id });
    expect(self.body.error.code).toBe('INTENT_CHAIN_CYCLE');
    expect((await IntentModel.findById(first.id).lean())?.parentId).toBeUndefined();
  });
});

describe('GET /api/v1/intents/board', () => {
  it('should give every stage column with counts, amount totals, stale badges and paging', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const a = await org('看板甲');
    const b = await org('看板乙');
    for (let i = 0; i < 3; i++) {
      await create(
        coordinator.auth,
        body(a.id, b.id, {
          topic: `看板线索 ${i}`,
          at: new Date(now.getTime() - (20 + i) * DAY).toISOString(),
        }),
      );
    }
    await create(coordinator.auth, body(a.id, b.id, { topic: '看板签约', stage: 'signed', contract }));
    const res = await t.request
      .get('/api/v1/intents/board')
      .query({ orgId: a.id, limit: 2 })
      .set('Authorization', coordinator.auth)
      .expect(200);
    const board = IntentBoardView.parse(res.body);
    expect(board.columns.map((c) => c.stage)).toEqual([
      'lead',
      'intent',
      'negotiating',
      'signed',
      'executing',
      'industrialised',
    ]);
    const lead = board.columns[0];
    expect(lead).toMatchObject({ count: 3, staleCount: 3 });
    expect(lead.items.map((i) => i.topic)).toEqual(['看板线索 2', '看板线索 1']);
    expect(lead.items[0]).toMatchObject({ stale: true, daysInStage: 22, noFollowUp: true });
    expect(board.columns[3]).toMatchObject({ count: 1, amountTotal: 120, staleCount: 0 });
    const more = IntentBoardView.parse(
      (
        await t.request
          .get('/api/v1/intents/board')
          .query({ orgId: a.id, limit: 2, stage: 'lead', cursor: lead.nextCursor })
          .set('Authorization', coordinator.auth)
          .expect(200)
      ).body,
    );
    expect(more.columns).toHaveLength(1);
    expect(more.columns[0].items.map((i) => i.topic)).toEqual(['看板线索 0']);
    expect(more.columns[0].nextCursor).toBeNull();
  });
  it('should fill a sparse column past the dense ones and leave out other years when filtered by year', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const a = await org('年份甲');
    const b = await org('年份乙');
    const daysAgo = (n: number) => new Date(now.getTime() - n * DAY).toISOString();
    // Last year's lead enters first of all: the year filter must skip it.
    await create(coordinator.auth, body(a.id, b.id, { topic: '去年的线索', at: '2025-11-20T02:00:00Z' }));
    // More leads than the first read takes for every column (limit 1 → 2 per column → 12).
    for (let i = 0; i < 13; i++)
      await create(coordinator.auth, body(a.id, b.id, { topic: `今年线索 ${i}`, at: daysAgo(150 - i) }));
    await create(coordinator.auth, body(a.id, b.id, { topic: '今年意向', stage: 'intent', at: daysAgo(10) }));
    const board = IntentBoardView.parse(
      (
        await t.request
          .get('/api/v1/intents/board')
          .query({ orgId: a.id, year: 2026, limit: 1 })
          .set('Authorization', coordinator.auth)
          .expect(200)
      ).body,
    );
    const [lead, intent, negotiating] = board.columns;
    expect(lead.items.map((i) => i.topic)).toEqual(['今年线索 0']);
    expect(lead.count).toBe(13);
    expect(lead.nextCursor).not.toBeNull();
    expect(intent.items.map((i) => i.topic)).toEqual(['今年意向']);
    expect(intent.nextCursor).toBeNull();
    expect(negotiating).toMatchObject({ count: 0, items: [], nextCursor: null });
    // The next page of a column continues after the first screen's card.
    const next = IntentBoardView.parse(
      (
        await t.request
          .get('/api/v1/intents/board')
          .query({ orgId: a.id, year: 2026, limit: 1, stage: 'lead', cursor: lead.nextCursor })
          .set('Authorization', coordinator.auth)
          .expect(200)
      ).body,
    );
    expect(next.columns[0].items.map((i) => i.topic)).toEqual(['今年线索 1']);
  });

  it('should page a column once through every card when several entered the stage at the same moment', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const a = await org('同时甲');
    const b = await org('同时乙');
    const same = new Date(now.getTime() - 30 * DAY).toISOString();
    const created = [];
    for (let i = 0; i < 5; i++)
      created.push(await create(coordinator.auth, body(a.id, b.id, { topic: `同时线索 ${i}`, at: same })));
    created.push(
      await create(
        coordinator.auth,
        body(a.id, b.id, { topic: '更早线索', at: new Date(now.getTime() - 40 * DAY).toISOString() }),
      ),
    );
    const seen: string[] = [];
    let cursor: string | null | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await t.request
        .get('/api/v1/intents/board')
        .query({ orgId: a.id, limit: 2, stage: 'lead', ...(cursor ? { cursor } : {}) })
        .set('Authorization', coordinator.auth)
        .expect(200);
      const column = IntentBoardView.parse(res.body).columns[0];
      seen.push(...column.items.map((i) => i.id));
      cursor = column.nextCursor;
      if (!cursor) break;
    }
    // Longest in stage first, then the ties in id order: each card exactly once.
    const ties = created.slice(0, 5).map((c) => c.id);
    expect(seen).toEqual([created[5].id, ...[...ties].sort()]);
  });
});

describe('GET /api/v1/intents/export.xlsx', () => {
  it('should stream an Excel file to staff and refuse members', async () => {
    const { coordinator, demand, supply } = await setup();
    await create(coordinator.auth, body(demand.id, supply.id));
    const res = await t.request
      .get('/api/v1/intents/export.xlsx')
      .query({ orgId: demand.id })
      .set('Authorization', coordinator.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('意向名称');
    expect(sheet.getRow(2).getCell(1).value).toBe('高强铝合金焊接工艺联合开发');
    expect(sheet.getRow(2).getCell(5).value).toBe('东轻铝业');
    const member = await memberOf(demand._id);
    await t.request.get('/api/v1/intents/export.xlsx').set('Authorization', member.auth).expect(403);
  });
});

describe('stale intents', () => {
  it('should take the last contact from a linked interaction, and alert the owner once per stale spell', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(
      coordinator.auth,
      body(demand.id, supply.id, { topic: '停滞检测', at: new Date(now.getTime() - 40 * DAY).toISOString() }),
    );
    expect(intent.stale).toBe(true);
    const mine = await t.request
      .get('/api/v1/tasks/stale-intents')
      .set('Authorization', coordinator.auth)
      .expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(intent.id);

    expect(await alertStaleIntents(now)).toBeGreaterThanOrEqual(1);
    await alertStaleIntents(now);
    const alerts = () =>
      TaskModel.countDocuments({ 'links.intentId': intent.id, ownerId: coordinator.user.id });
    expect(await alerts()).toBe(1);

    await t.request
      .post('/api/v1/interactions')
      .set('Authorization', coordinator.auth)
      .send({
        clientId: randomUUID(),
        type: 'visit',
        at: new Date(now.getTime() - DAY).toISOString(),
        participants: { orgIds: [demand.id] },
        links: { intentId: intent.id },
      })
      .expect(201);
    const after = IntentView.parse(
      (await t.request.get(`/api/v1/intents/${intent.id}`).set('Authorization', coordinator.auth).expect(200))
        .body,
    );
    expect(after.lastContactAt).toBe(new Date(now.getTime() - DAY).toISOString());
    expect(after.stale).toBe(false);
    expect(after.version).toBe(intent.version);
    // Silent again past the lead threshold: a new spell, a new alert.
    const later = new Date(now.getTime() + 20 * DAY);
    await alertStaleIntents(later);
    expect(await alerts()).toBe(2);
  });

  it('should 400 when an interaction links an intent that does not exist', async () => {
    const { coordinator, demand } = await setup();
    const res = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', coordinator.auth)
      .send({
        clientId: randomUUID(),
        type: 'call',
        participants: { orgIds: [demand.id] },
        links: { intentId: '64b000000000000000000009' },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.links.intentId');
  });
});

describe('createIntentFromMatch', () => {
  it('should make one 线索 between the demand’s and the achievement’s owners however often the match is marked', async () => {
    const { coordinator, demand, supply } = await setup();
    const db = IntentModel.db;
    const demandId = new Types.ObjectId();
    const achievementId = new Types.ObjectId();
    await db
      .collection('demands')
      .insertOne({ _id: demandId, title: '铝板焊缝开裂', ownerOrgId: demand._id, fields: [] });
    await db.collection('achievements').insertOne({
      _id: achievementId,
      title: '搅拌摩擦焊',
      ownerOrgId: supply._id,
      fields: ['metal_materials'],
    });
    const actor = await actorFor(coordinator.user.id);
    const other = await actorFor((await signIn(t, 'coordinator')).user.id);
    const match = { demandId: demandId.toHexString(), achievementId: achievementId.toHexString() };
    const first = await createIntentFromMatch(actor, match, () => now);
    const again = await createIntentFromMatch(other, match, () => now);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, intent: { id: first.intent.id } });
    expect(first.intent).toMatchObject({
      topic: '铝板焊缝开裂 × 搅拌摩擦焊',
      stage: 'lead',
      source: { kind: 'match', refId: match.demandId },
      links: { match },
    });
    expect(first.intent.parties.map((p) => [p.organization.id, p.role])).toEqual([
      [demand.id, 'demand'],
      [supply.id, 'supply'],
    ]);
  });
});

async function actorFor(userId: string): Promise<Actor> {
  const user = await UserModel.findById(userId).lean();
  return {
    id: user!._id,
    role: user!.role,
    status: user!.status,
    orgId: user!.orgId ?? null,
    personId: user!.personId ?? null,
    sessionId: new Types.ObjectId(),
  };
}

describe('PATCH /api/v1/intents/:id', () => {
  it('should save fields with the version, 409 on a stale one, and refuse dropping the contract once signed', async () => {
    const { coordinator, demand, supply } = await setup();
    const intent = await create(coordinator.auth, body(demand.id, supply.id, { stage: 'signed', contract }));
    const saved = await t.request
      .patch(`/api/v1/intents/${intent.id}`)
      .set('Authorization', coordinator.auth)
      .send({
        version: intent.version,
        topic: '高强铝合金焊接工艺（二期）',
        funding: [
          { programme: '省重点研发计划', amount: 50, status: 'approved', at: '2026-05-01T00:00:00Z' },
        ],
      })
      .expect(200);
    const view = IntentView.parse(saved.body);
    expect(view).toMatchObject({ topic: '高强铝合金焊接工艺（二期）', version: intent.version + 1 });
    expect(view.funding[0]).toMatchObject({ programme: '省重点研发计划', amount: 50, status: 'approved' });
    const stale = await t.request
      .patch(`/api/v1/intents/${intent.id}`)
      .set('Authorization', coordinator.auth)
      .send({ version: intent.version, topic: '旧版本上的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.topic).toBe('高强铝合金焊接工艺（二期）');
    const drop = await t.request
      .patch(`/api/v1/intents/${intent.id}`)
      .set('Authorization', coordinator.auth)
      .send({ version: view.version, contract: null });
    expect(drop.body.error.code).toBe('INTENT_CONTRACT_REQUIRED');
    const other = await signIn(t, 'coordinator');
    const grab = await t.request
      .patch(`/api/v1/intents/${intent.id}`)
      .set('Authorization', other.auth)
      .send({ version: view.version, ownerUserId: other.user.id });
    expect(grab.status).toBe(403);
    const stored = await IntentModel.findById(intent.id).lean();
    expect(stored?.ownerId?.toHexString()).toBe(coordinator.user.id);
    expect(await AuditModel.countDocuments({ action: 'intent.update', 'entity.id': intent.id })).toBe(1);
  });
});

describe('GET /api/v1/intents', () => {
  it('should sort by amount across cursor pages without repeating or skipping', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const a = await org('排序甲');
    const b = await org('排序乙');
    for (const amount of [30, 120.5, 60, 120.5, 5]) {
      await create(
        coordinator.auth,
        body(a.id, b.id, {
          topic: `排序 ${amount}`,
          stage: 'signed',
          contract: { ...contract, amount, techAmount: 1 },
        }),
      );
    }
    const seen: Array<number | null> = [];
    let cursor: string | null = null;
    do {
      const res = await t.request
        .get('/api/v1/intents')
        .query({ orgId: a.id, sort: 'amount', order: 'desc', limit: 2, ...(cursor ? { cursor } : {}) })
        .set('Authorization', coordinator.auth)
        .expect(200);
      const page = IntentPage.parse(res.body);
      seen.push(...page.items.map((i) => i.amount));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([120.5, 120.5, 60, 30, 5]);
    const bad = await t.request
      .get('/api/v1/intents')
      .query({ sort: 'amount', cursor: 'not-a-cursor' })
      .set('Authorization', coordinator.auth);
    expect(bad.status).toBe(400);
  });
});
