import { randomUUID } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import type { TimelineEntryView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { EventModel } from '../events/event.model';
import { InteractionModel } from '../interactions/interaction.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { UserModel } from '../users/user.model';
import { backfillInteractionTimeKeys } from '../interactions/interaction.migration';
import { silentLogger } from '../../logger';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 2, minute));

async function world() {
  const org = await OrganizationModel.create({
    name: '时间线铝业',
    nameKey: randomUUID(),
    kind: 'enterprise',
  });
  const person = await PersonModel.create({ name: '周工', orgId: org._id });
  const staff = await signIn(t, 'coordinator');
  const event = await EventModel.create({
    title: '2026 年会',
    kind: 'annual_meeting',
    startsAt: at(0),
    endsAt: at(600),
    registrationMode: 'open',
    eventCode: randomUUID(),
  });
  const base = { personIds: [person._id], orgIds: [org._id], createdBy: new Types.ObjectId(staff.user.id) };
  await InteractionModel.create([
    { ...base, type: 'visit', at: at(10), notes: '内部备注', visibility: 'staff', clientId: randomUUID() },
    { ...base, type: 'call', at: at(20), notes: '电话备注', visibility: 'orgs', clientId: randomUUID() },
    { ...base, type: 'card_exchange', at: at(20), clientId: `card_exchange:${randomUUID()}` },
  ]);
  await mongoose.connection.collection('registrations').insertOne({
    eventId: event._id,
    personId: person._id,
    orgId: org._id,
    status: 'registered',
    entryCode: randomUUID(),
    createdAt: at(5),
    checkIn: { at: at(30), method: 'scan' },
  });
  await mongoose.connection.collection('achievements').insertOne({
    title: '高强铝合金挤压工艺',
    ownerOrgId: org._id,
    status: 'published',
    publishedAt: at(20),
    createdBy: new Types.ObjectId(staff.user.id),
  });
  return { org, person, staff, event };
}

const kinds = (items: TimelineEntryView[]) => items.map((i) => i.kind);

describe('GET /api/v1/organizations/:id/timeline', () => {
  it('should merge every source newest first with ties broken by kind, for staff', async () => {
    const { org, staff } = await world();
    const res = await t.request
      .get(`/api/v1/organizations/${org.id}/timeline`)
      .set('Authorization', staff.auth)
      .expect(200);
    expect(kinds(res.body.items)).toEqual([
      'check_in',
      'achievement',
      'card_exchange',
      'interaction',
      'interaction',
      'registration',
    ]);
    expect(res.body.items[3]).toMatchObject({
      summary: '电话',
      note: '电话备注',
      who: [{ name: '周工', organization: '时间线铝业' }],
    });
    expect(res.body.items[0].summary).toBe('签到：2026 年会');
  });

  it('should page through the merged order without losing or repeating an entry', async () => {
    const { org, staff } = await world();
    const all = await t.request
      .get(`/api/v1/organizations/${org.id}/timeline?limit=100`)
      .set('Authorization', staff.auth)
      .expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/organizations/${org.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.request.get(url).set('Authorization', staff.auth).expect(200);
      seen.push(...page.body.items.map((i: TimelineEntryView) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((i: TimelineEntryView) => i.id));
    expect(new Set(seen).size).toBe(6);
  });

  it('should filter by kind', async () => {
    const { org, staff } = await world();
    const res = await t.request
      .get(`/api/v1/organizations/${org.id}/timeline?kinds=registration,check_in`)
      .set('Authorization', staff.auth)
      .expect(200);
    expect(kinds(res.body.items)).toEqual(['check_in', 'registration']);
  });

  it('should show a member of the organization only what was shown to it, without notes, and an outsider only published items', async () => {
    const { org } = await world();
    const insider = await signIn(t, 'member');
    await UserModel.updateOne({ _id: insider.user.id }, { $set: { orgId: org._id } });
    const outsider = await signIn(t, 'member');
    const mine = await t.request
      .get(`/api/v1/organizations/${org.id}/timeline`)
      .set('Authorization', insider.auth)
      .expect(200);
    expect(kinds(mine.body.items)).toEqual(['check_in', 'achievement', 'interaction', 'registration']);
    expect(mine.body.items[2]).toMatchObject({ summary: '电话', note: null });
    const theirs = await t.request
      .get(`/api/v1/organizations/${org.id}/timeline`)
      .set('Authorization', outsider.auth)
      .expect(200);
    expect(kinds(theirs.body.items)).toEqual(['achievement']);
  });

  it('should 400 on a malformed cursor and 404 on an unknown organization', async () => {
    const { org, staff } = await world();
    const bad = await t.request
      .get(`/api/v1/organizations/${org.id}/timeline?cursor=abc`)
      .set('Authorization', staff.auth)
      .expect(400);
    expect(bad.body.error.code).toBe('INVALID_CURSOR');
    await t.request
      .get(`/api/v1/organizations/${new Types.ObjectId().toHexString()}/timeline`)
      .set('Authorization', staff.auth)
      .expect(404);
  });
});

describe('timelines over years of history', () => {
  it('should page newest first across months and years, legacy entries included after the backfill', async () => {
    const { org, staff } = await world();
    const years = [2026, 2026, 2025, 2023, 2021, 2019];
    const made = await InteractionModel.create(
      years.map((year, i) => ({
        type: 'meeting' as const,
        at: new Date(Date.UTC(year, i % 12, 3)),
        orgIds: [org._id],
        clientId: randomUUID(),
        createdBy: new Types.ObjectId(staff.user.id),
      })),
    );
    // Stored before month keys existed.
    await InteractionModel.updateOne({ _id: made[0]._id }, { $set: { timeKeys: [] } });
    await backfillInteractionTimeKeys(silentLogger());
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/organizations/${org.id}/timeline?kinds=interaction&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.request.get(url).set('Authorization', staff.auth).expect(200);
      ids.push(...page.body.items.map((i: TimelineEntryView) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const expected = [...made]
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .map((d) => `interaction:${d.id}`);
    // The two from world() (Nov 2026) come first: newer than every one above but the 2026 ones.
    expect(ids.filter((id) => expected.includes(id))).toEqual(expected);
    expect(ids).toHaveLength(8);
  });
});

describe('GET /api/v1/people/:id/timeline', () => {
  it("should show the person's interactions and event history to staff", async () => {
    const { person, staff } = await world();
    const res = await t.request
      .get(`/api/v1/people/${person.id}/timeline`)
      .set('Authorization', staff.auth)
      .expect(200);
    expect(kinds(res.body.items)).toEqual([
      'check_in',
      'card_exchange',
      'interaction',
      'interaction',
      'registration',
    ]);
  });

  it('should 401 without a session', async () => {
    await t.request.get(`/api/v1/people/${new Types.ObjectId().toHexString()}/timeline`).expect(401);
  });
});
