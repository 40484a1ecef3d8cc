import { Types } from 'mongoose';
import { ROLES, type Role } from '@alliance-hub/types';
import { ACTIONS, can, type Action, type Actor } from './policy';

const actor = (role: Role, status: Actor['status'] = 'active'): Actor => ({
  id: new Types.ObjectId(),
  role,
  status,
  orgId: null,
  personId: null,
  sessionId: new Types.ObjectId(),
});

// The whole role × action matrix: G guest, M member, C coordinator, S secretariat.
const MATRIX: Record<Action, string> = {
  'me.read': 'GMCS',
  'session.manage': 'GMCS',
  'application.create': 'G',
  'application.readOwn': 'GMCS',
  'application.withdrawOwn': 'GMCS',
  'application.list': 'S',
  'application.decide': 'S',
  'user.list': 'S',
  'user.update': 'S',
  'audit.read': 'S',
  'directory.read': 'GMCS',
  'organization.create': 'CS',
  // Without a resource a member edits nothing; own-organization edits are tested below.
  'organization.update': 'CS',
  'person.create': 'CS',
  'person.update': 'CS',
  'taxonomy.extend': 'S',
  'event.read': 'GMCS',
  'event.register': 'GMCS',
  'event.manage': 'CS',
  // Without being on the event's staff only the secretariat checks people in; staff tested below.
  'event.checkIn': 'S',
  'card.manage': 'GMCS',
  'encounter.read': 'CS',
  'directory.import': 'S',
  'directory.export': 'MCS',
};
const LETTER: Record<Role, string> = { guest: 'G', member: 'M', coordinator: 'C', secretariat: 'S' };

describe('policy', () => {
  it('should have a row for every action', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort());
  });

  const cases = ACTIONS.flatMap((action) =>
    ROLES.map((role) => ({ action, role, allowed: MATRIX[action].includes(LETTER[role]) })),
  );
  it.each(cases)('should $action be allowed=$allowed for $role', ({ action, role, allowed }) => {
    expect(can(actor(role), action)).toBe(allowed);
  });

  it.each(ACTIONS)('should deny %s to a disabled account whatever its role', (action) => {
    expect(can(actor('secretariat', 'disabled'), action)).toBe(false);
  });

  it('should let a member edit only their own organization and their own person', () => {
    const member = { ...actor('member'), orgId: new Types.ObjectId(), personId: new Types.ObjectId() };
    expect(can(member, 'organization.update', { orgId: member.orgId })).toBe(true);
    expect(can(member, 'organization.update', { orgId: new Types.ObjectId() })).toBe(false);
    expect(can(member, 'person.update', { personId: member.personId })).toBe(true);
    expect(can(member, 'person.update', { personId: new Types.ObjectId() })).toBe(false);
    const guest = { ...actor('guest'), orgId: member.orgId };
    expect(can(guest, 'organization.update', { orgId: member.orgId })).toBe(false);
  });

  it('should let any role on the staff of an event check people in there', () => {
    expect(can(actor('member'), 'event.checkIn', { isEventStaff: true })).toBe(true);
    expect(can(actor('coordinator'), 'event.checkIn', { isEventStaff: false })).toBe(false);
  });

  it('should deny the secretariat changing its own role or status', () => {
    const me = actor('secretariat');
    expect(can(me, 'user.update', { userId: me.id })).toBe(false);
    expect(can(me, 'user.update', { userId: new Types.ObjectId() })).toBe(true);
  });
});
