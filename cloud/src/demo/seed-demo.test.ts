import { startTestApp, type TestApp } from '../test/test-app';
import { silentLogger } from '../logger';
import { OrganizationModel } from '../features/organizations/organization.model';
import { PersonModel } from '../features/people/person.model';
import { UserModel } from '../features/users/user.model';
import { seedDemoData } from './seed-demo';
import { DEMO_ORGS, DEMO_PEOPLE, DEMO_USERS } from './demo-data';

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
  });

  it('should offer every role in the dev login chooser, with member users linked to their organization', async () => {
    const res = await t.request.get('/api/v1/auth/dev/users').expect(200);
    const roles = new Set(res.body.items.map((u: { role: string }) => u.role));
    expect(roles).toEqual(new Set(['guest', 'member', 'coordinator', 'secretariat']));
    const member = res.body.items.find((u: { displayName: string }) => u.displayName === '周晓燕');
    expect(member.organization).toBe('大庆华科新材料有限公司');
  });
});
