import { startTestApp, type TestApp } from '../test/test-app';
import { silentLogger } from '../logger';
import { OrganizationModel } from '../features/organizations/organization.model';
import { PersonModel } from '../features/people/person.model';
import { UserModel } from '../features/users/user.model';
import { seedDemoData } from './seed-demo';
import {
  DEMO_ACHIEVEMENTS,
  DEMO_DEMANDS,
  DEMO_ORGS,
  DEMO_PEOPLE,
  DEMO_USERS,
  DEMO_ROADSHOW,
} from './demo-data';
import { AchievementModel } from '../features/achievements/achievement.model';
import { DemandModel } from '../features/demands/demand.model';
import { EventModel } from '../features/events/event.model';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should load the demo alliance once, and change nothing when run again', async () => {
    await seedDemoData(silentLogger());
    await seedDemoData(silentLogger());
    expect(await OrganizationModel.countDocuments()).toBe(DEMO_ORGS.length);
    expect(await PersonModel.countDocuments()).toBe(DEMO_PEOPLE.length);
    expect(await UserModel.countDocuments()).toBe(DEMO_USERS.length);
    expect(await AchievementModel.countDocuments()).toBe(DEMO_ACHIEVEMENTS.length);
    expect(await DemandModel.countDocuments()).toBe(DEMO_DEMANDS.length);
  });

  it('should publish most demo achievements and link the demo roadshow agenda to them', async () => {
    expect(await AchievementModel.countDocuments({ status: 'published' })).toBeGreaterThanOrEqual(10);
    expect(await AchievementModel.countDocuments({ status: 'pending' })).toBeGreaterThan(0);
    const roadshow = await EventModel.findOne({ eventCode: DEMO_ROADSHOW.code }).lean();
    const linked = roadshow?.agenda.filter((a) => a.achievementId) ?? [];
    expect(linked).toHaveLength(4);
    expect(await AchievementModel.countDocuments({ _id: { $in: linked.map((a) => a.achievementId) } })).toBe(
      4,
    );
  });

  it('should offer every role in the dev login chooser, with member users linked to their organization', async () => {
    const res = await t.request.get('/api/v1/auth/dev/users').expect(200);
    const roles = new Set(res.body.items.map((u: { role: string }) => u.role));
    expect(roles).toEqual(new Set(['guest', 'member', 'coordinator', 'secretariat']));
    const member = res.body.items.find((u: { displayName: string }) => u.displayName === '周晓燕');
    expect(member.organization).toBe('大庆华科新材料有限公司');
  });

  it('should link each demo user to their person and its organization, and each person to theirs', async () => {
    const people = await PersonModel.find({}, { name: 1, orgId: 1 }).lean();
    const orgs = new Map(
      (await OrganizationModel.find({}, { name: 1 }).lean()).map((o) => [String(o._id), o.name]),
    );
    for (const person of DEMO_PEOPLE) {
      const found = people.find((p) => p.name === person.name);
      expect(orgs.get(String(found?.orgId))).toBe(person.org);
    }
    const linked = DEMO_USERS.filter((u) => u.person);
    expect(linked.length).toBeGreaterThan(0);
    for (const user of linked) {
      const doc = await UserModel.findOne({ devKey: `${user.role}:${user.displayName}` }).lean();
      const person = people.find((p) => String(p._id) === String(doc?.personId));
      expect(person?.name).toBe(user.person);
      expect(String(doc?.orgId)).toBe(String(person?.orgId));
    }
  });
});
