import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { IntentMatchLeadsView, IntentView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { createOrganization, signInMemberOf, signIn } from '../../test/factories';
import { MatchFeedbackModel } from '../matching/match-feedback.model';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const org = createOrganization;

const memberOf = (orgId: unknown) => signInMemberOf(t, orgId);

const leads = (auth: string, query: Record<string, string>) =>
  t.request.get('/api/v1/intents/from-matches').query(query).set('Authorization', auth);

describe('GET /api/v1/intents/from-matches', () => {
  it('should name the intent each 已对接 result led to, for staff and the parties only', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const demandOrg = await org('轮毂厂');
    const supplyOrg = await org('铸造研究所');
    const created = await t.request
      .post('/api/v1/intents')
      .set('Authorization', coordinator.auth)
      .send({
        clientId: randomUUID(),
        topic: '轮毂缩孔攻关',
        parties: [
          { organizationId: demandOrg.id, role: 'demand' },
          { organizationId: supplyOrg.id, role: 'supply' },
        ],
      })
      .expect(201);
    const intent = IntentView.parse(created.body);
    const demandId = new Types.ObjectId();
    const achievementId = new Types.ObjectId();
    const row = {
      subjectKind: 'demand',
      subjectId: demandId,
      actorId: new Types.ObjectId(coordinator.user.id),
    };
    await MatchFeedbackModel.insertMany([
      {
        ...row,
        targetKind: 'achievement',
        targetId: achievementId,
        verdict: 'connected',
        intentId: intent.id,
      },
      // Marked, but its lead still waits for a staff account: no intent to link to yet.
      {
        ...row,
        targetKind: 'expert',
        targetId: new Types.ObjectId(),
        verdict: 'connected',
        leadPending: true,
      },
      {
        ...row,
        targetKind: 'achievement',
        targetId: new Types.ObjectId(),
        verdict: 'dismissed',
        reason: 'other',
      },
    ]);

    const staff = IntentMatchLeadsView.parse(
      (
        await leads(coordinator.auth, { subjectKind: 'demand', subjectId: demandId.toHexString() }).expect(
          200,
        )
      ).body,
    );
    expect(staff.items).toEqual([
      {
        targetKind: 'achievement',
        targetId: achievementId.toHexString(),
        intentId: intent.id,
        stage: 'lead',
        status: 'active',
      },
    ]);

    const party = await memberOf(demandOrg._id);
    const partyView = await leads(party.auth, { subjectKind: 'demand', subjectId: demandId.toHexString() });
    expect(partyView.body.items.map((i: { intentId: string }) => i.intentId)).toEqual([intent.id]);

    const outsider = await memberOf((await org('无关单位'))._id);
    const outsiderView = await leads(outsider.auth, {
      subjectKind: 'demand',
      subjectId: demandId.toHexString(),
    });
    expect(outsiderView.status).toBe(200);
    expect(outsiderView.body.items).toEqual([]);
  });

  it('should 400 in Chinese on a bad subject and 401 when signed out', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const bad = await leads(coordinator.auth, { subjectKind: 'expert', subjectId: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'query.subjectKind', message: '请选择需求或成果' }),
    );
    await t.request
      .get('/api/v1/intents/from-matches')
      .query({ subjectKind: 'demand', subjectId: new Types.ObjectId().toHexString() })
      .expect(401);
  });
});
