import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { CheckInResultView, EventDetailView, RegistrationView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { PersonModel } from '../people/person.model';
import { RegistrationModel } from './registration.model';

type Signed = Awaited<ReturnType<typeof signIn>>;

/** Sets mongod's failCommand fail point on the test database (enableTestCommands). */
async function failPoint(mode: unknown, data?: Record<string, unknown>): Promise<void> {
  await mongoose.connection
    .getClient()
    .db('admin')
    .command({ configureFailPoint: 'failCommand', mode, ...(data ? { data } : {}) });
}

describe('check-in batch under database faults', () => {
  let t: TestApp;
  let organiser: Signed;
  let doorStaff: Signed;
  beforeAll(async () => {
    t = await startTestApp();
    organiser = await signIn(t, 'coordinator', '白衬衫·故障组');
    doorStaff = await signIn(t, 'coordinator', '白衬衫·故障门口');
  });
  afterEach(() => failPoint('off'));
  afterAll(() => t.close());

  it('should check everyone in exactly once when the connection drops in the middle of a batch and the phone retries it', async () => {
    const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    const event = EventDetailView.parse(
      (
        await t.request
          .post('/api/v1/events')
          .set('Authorization', organiser.auth)
          .send({
            title: '故障演练',
            kind: 'annual_meeting',
            startsAt: hoursFromNow(1),
            endsAt: hoursFromNow(5),
            staff: [{ userId: doorStaff.user.id, duty: 'checkin' }],
          })
          .expect(201)
      ).body,
    );
    const member = await signIn(t, 'member', '故障·刘工');
    const reg = RegistrationView.parse(
      (
        await t.request
          .post(`/api/v1/events/${event.id}/registrations`)
          .set('Authorization', member.auth)
          .send({})
          .expect(201)
      ).body,
    );
    const at = new Date().toISOString();
    const items = [
      { clientId: randomUUID(), at, method: 'scan', entryCode: reg.entryCode },
      { clientId: randomUUID(), at, method: 'walk_in', walkIn: { name: '故障·赵工' } },
      { clientId: randomUUID(), at, method: 'walk_in', walkIn: { name: '故障·钱工' } },
    ];
    const batch = () =>
      t.request
        .post(`/api/v1/events/${event.id}/check-ins/batch`)
        .set('Authorization', doorStaff.auth)
        .send({ items });

    // The scan (a findAndModify) goes through; the walk-in's first insert loses its connection.
    await failPoint({ times: 1 }, { failCommands: ['insert'], closeConnection: true });
    const failed = await batch();
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(failed.body.error.code).toBeDefined();

    const retried = await batch().expect(200);
    const results = retried.body.results.map((r: unknown) => CheckInResultView.parse(r));
    expect(results.map((r: CheckInResultView) => r.outcome)).toEqual([
      'already_checked_in',
      'walk_in_registered',
      'walk_in_registered',
    ]);
    // A second retry changes nothing: every item is already in.
    const again = await batch().expect(200);
    expect(again.body.results.map((r: CheckInResultView) => r.outcome)).toEqual([
      'already_checked_in',
      'already_checked_in',
      'already_checked_in',
    ]);
    const regs = await RegistrationModel.find({ eventId: event.id }).lean();
    expect(regs).toHaveLength(3);
    expect(regs.every((r) => r.checkIn?.at)).toBe(true);
    for (const name of ['故障·赵工', '故障·钱工']) {
      expect(await PersonModel.countDocuments({ name })).toBe(1);
    }
  });
});
