import { Types } from 'mongoose';
import { ROLES, type Role } from '@alliance-hub/types';
import {
  ACTIONS,
  can,
  type Action,
  type Actor,
  type EventFacts,
  type InteractionFacts,
  type Resource,
} from './policy';

const actor = (role: Role, status: Actor['status'] = 'active'): Actor => ({
  id: new Types.ObjectId(),
  role,
  status,
  orgId: null,
  personId: null,
  sessionId: new Types.ObjectId(),
});

// The whole role × action matrix without a record: G guest, M member, C coordinator, S secretariat.
// Rules that look at the record answer here for the role alone; RECORD_CASES covers the records.
const MATRIX: Record<Action, string> = {
  'me.read': 'GMCS',
  'session.manage': 'GMCS',
  'webLogin.confirm': '',
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
  'organization.update': 'CS',
  'person.create': 'CS',
  'person.update': 'CS',
  'person.contacts.read': 'CS',
  'person.contacts.readShared': '',
  'taxonomy.extend': 'S',
  'event.read': 'GMCS',
  'event.register': 'GMCS',
  'event.manage': 'CS',
  'event.checkIn': 'S',
  'registration.createForOthers': 'CS',
  'registration.decide': 'CS',
  'registration.cancel': 'CS',
  'card.manage': 'GMCS',
  'cardRequest.decide': '',
  'encounter.read': 'CS',
  'directory.import': 'S',
  'directory.export': 'MCS',
  'publication.read': 'GMCS',
  'publication.write': 'CS',
  'publication.review': 'CS',
  'publication.readRestricted': 'CS',
  'publication.import': 'S',
  'selection.create': 'GMCS',
  'selection.manage': 'CS',
  'interaction.create': 'CS',
  'interaction.read': 'CS',
  'interaction.readNote': 'CS',
  'interaction.change': '',
  'task.use': 'CS',
  'task.listAll': 'CS',
  'task.change': 'S',
  'task.own': '',
  'timeline.read': 'GMCS',
  'timeline.readPrivate': 'CS',
  'stats.read': 'CS',
  'stats.readAll': 'CS',
  'targets.manage': 'S',
  'report.export': 'CS',
  'match.read': 'MCS',
  'match.feedback': 'CS',
  'match.recommend': 'MCS',
  'synonym.read': 'CS',
  'synonym.manage': 'S',
  'intent.read': 'MCS',
  'intent.readInternal': 'CS',
  'intent.create': 'CS',
  'intent.update': 'S',
  'intent.reassign': 'S',
  'intent.own': '',
  'intent.reportSigned': '',
  'intent.settings': 'S',
  'intent.export': 'CS',
  'intent.import': 'S',
};
const LETTER: Record<Role, string> = { guest: 'G', member: 'M', coordinator: 'C', secretariat: 'S' };

/**
 * Rules that depend on the loaded record, role by role: every actor below belongs to an
 * organization and has a person record (`me`), so only the record and the role make the difference.
 */
type Me = Actor & { orgId: Types.ObjectId; personId: Types.ObjectId };
const someone = () => new Types.ObjectId();
const shown = (orgId: Types.ObjectId): InteractionFacts => ({
  orgIds: [orgId],
  visibility: 'orgs',
  createdBy: someone(),
});
const staffOnly = (orgId: Types.ObjectId): InteractionFacts => ({ ...shown(orgId), visibility: 'staff' });
const event = (registrationMode: EventFacts['registrationMode'], staffIds: Types.ObjectId[] = []) => ({
  registrationMode,
  staff: staffIds.map((userId) => ({ userId })),
});
const RECORD_CASES: Array<[Action, string, (me: Me) => Resource, string]> = [
  [
    'intent.read',
    'an intent my organization is a party to',
    (me) => ({ intent: { partyOrgIds: [me.orgId] } }),
    'MCS',
  ],
  ['intent.read', 'another organization’s intent', () => ({ intent: { partyOrgIds: [someone()] } }), 'CS'],
  [
    'intent.update',
    'an intent I own',
    (me) => ({ intent: { ownerId: me.id, partyOrgIds: [me.orgId] } }),
    'CS',
  ],
  ['intent.update', 'an intent I created', (me) => ({ intent: { createdBy: me.id, partyOrgIds: [] } }), 'CS'],
  [
    'intent.update',
    'another coordinator’s intent',
    () => ({ intent: { ownerId: someone(), partyOrgIds: [] } }),
    'S',
  ],
  ['intent.reassign', 'an intent I own', (me) => ({ intent: { ownerId: me.id, partyOrgIds: [] } }), 'CS'],
  [
    'intent.reassign',
    'another coordinator’s intent',
    () => ({ intent: { ownerId: someone(), partyOrgIds: [] } }),
    'S',
  ],
  ['intent.reportSigned', 'my organization’s intent', (me) => ({ intent: { partyOrgIds: [me.orgId] } }), 'M'],
  [
    'intent.reportSigned',
    'another organization’s intent',
    () => ({ intent: { partyOrgIds: [someone()] } }),
    '',
  ],
  ['intent.own', 'given to a coordinator', () => ({ assigneeRole: 'coordinator' }), 'GMCS'],
  ['intent.own', 'given to a member', () => ({ assigneeRole: 'member' }), ''],
  ['webLogin.confirm', 'from the mini-program', () => ({ sessionClient: 'weapp' }), 'GMCS'],
  ['webLogin.confirm', 'from a dev sign-in', () => ({ sessionClient: 'dev' }), 'GMCS'],
  ['webLogin.confirm', 'from another web session', () => ({ sessionClient: 'h5' }), ''],
  ['stats.read', 'figures of any organization, as a member of one', () => ({}), 'MCS'],
  ['stats.read', 'own organization figures', (me) => ({ orgId: me.orgId }), 'MCS'],
  ['stats.read', 'another organization figures', () => ({ orgId: someone() }), 'CS'],
  ['organization.update', 'own organization', (me) => ({ orgId: me.orgId }), 'MCS'],
  [
    'organization.update',
    'own organization, its intro',
    (me) => ({ orgId: me.orgId, changes: ['intro'] }),
    'MCS',
  ],
  [
    'organization.update',
    'own organization, its name',
    (me) => ({ orgId: me.orgId, changes: ['name'] }),
    'CS',
  ],
  [
    'organization.update',
    'own organization, its alliance role',
    (me) => ({ orgId: me.orgId, changes: ['allianceRole'] }),
    'CS',
  ],
  ['organization.update', 'another organization', () => ({ orgId: someone() }), 'CS'],
  ['person.update', 'own person', (me) => ({ personId: me.personId, changes: ['title'] }), 'GMCS'],
  [
    'person.update',
    'own person, its organization',
    (me) => ({ personId: me.personId, changes: ['orgId'] }),
    'CS',
  ],
  ['person.update', 'another person', () => ({ personId: someone(), changes: ['title'] }), 'CS'],
  ['person.contacts.read', 'own person', (me) => ({ personId: me.personId }), 'GMCS'],
  ['person.contacts.read', 'another person', () => ({ personId: someone() }), 'CS'],
  [
    'person.contacts.readShared',
    'someone I exchanged cards with',
    () => ({ personId: someone(), exchanged: true }),
    'GMCS',
  ],
  [
    'person.contacts.readShared',
    'someone I did not exchange with',
    () => ({ personId: someone(), exchanged: false }),
    '',
  ],
  ['event.read', 'an open event', () => ({ event: event('open') }), 'GMCS'],
  ['event.read', 'an approval event', () => ({ event: event('approval') }), 'GMCS'],
  [
    'event.read',
    'an invite-only event I am not on',
    () => ({ event: event('invite'), onEventList: false }),
    'CS',
  ],
  [
    'event.read',
    'an invite-only event I am on the list of',
    () => ({ event: event('invite'), onEventList: true }),
    'GMCS',
  ],
  ['event.read', 'an invite-only event I am staff of', (me) => ({ event: event('invite', [me.id]) }), 'GMCS'],
  ['event.register', 'an open event', () => ({ event: event('open') }), 'GMCS'],
  [
    'event.register',
    'an invite-only event I am on the list of',
    () => ({ event: event('invite'), onEventList: true }),
    'CS',
  ],
  [
    'event.register',
    'an invite-only event I am staff of',
    (me) => ({ event: event('invite', [me.id]) }),
    'GMCS',
  ],
  ['event.checkIn', 'an event I am staff of', (me) => ({ event: event('open', [me.id]) }), 'GMCS'],
  ['event.checkIn', 'an event I am not staff of', () => ({ event: event('open', [someone()]) }), 'S'],
  ['registration.decide', 'an event I am staff of', (me) => ({ event: event('approval', [me.id]) }), 'GMCS'],
  [
    'registration.decide',
    'an event I am not staff of',
    () => ({ event: event('approval', [someone()]) }),
    'CS',
  ],
  ['registration.createForOthers', 'a colleague', (me) => ({ event: event('open'), orgId: me.orgId }), 'MCS'],
  [
    'registration.createForOthers',
    'someone of another organization',
    () => ({ event: event('open'), orgId: someone() }),
    'CS',
  ],
  [
    'registration.createForOthers',
    'anyone, as staff of the event',
    (me) => ({ event: event('open', [me.id]), orgId: someone() }),
    'GMCS',
  ],
  [
    'registration.cancel',
    'my own registration',
    (me) => ({ event: event('open'), registration: { personId: me.personId } }),
    'GMCS',
  ],
  [
    'registration.cancel',
    'one I made for a colleague',
    (me) => ({ event: event('open'), registration: { personId: someone(), registeredBy: me.id } }),
    'GMCS',
  ],
  [
    'registration.cancel',
    "someone else's",
    () => ({ event: event('open'), registration: { personId: someone(), registeredBy: someone() } }),
    'CS',
  ],
  [
    'registration.cancel',
    "someone else's, as staff of the event",
    (me) => ({ event: event('open', [me.id]), registration: { personId: someone() } }),
    'GMCS',
  ],
  ['cardRequest.decide', 'a request addressed to me', (me) => ({ personId: me.personId }), 'GMCS'],
  ['cardRequest.decide', 'a request addressed to someone else', () => ({ personId: someone() }), ''],
  ['publication.write', "my organization's item", (me) => ({ orgId: me.orgId }), 'MCS'],
  ['publication.write', "another organization's item", () => ({ orgId: someone() }), 'CS'],
  ['publication.review', 'an item I wrote', (me) => ({ orgId: someone(), authorId: me.id }), ''],
  ['publication.review', "my organization's item", (me) => ({ orgId: me.orgId, authorId: someone() }), ''],
  ['publication.review', "someone else's item", () => ({ orgId: someone(), authorId: someone() }), 'CS'],
  ['publication.readRestricted', "my organization's item", (me) => ({ orgId: me.orgId }), 'MCS'],
  ['publication.readRestricted', "another organization's item", () => ({ orgId: someone() }), 'CS'],
  ['selection.manage', 'an event I am staff of', (me) => ({ event: event('open', [me.id]) }), 'GMCS'],
  ['selection.manage', 'an event I am not staff of', () => ({ event: event('open', [someone()]) }), 'CS'],
  ['interaction.create', 'one involving my organization', (me) => ({ interaction: shown(me.orgId) }), 'MCS'],
  [
    'interaction.create',
    'one about other organizations only',
    () => ({ interaction: shown(someone()) }),
    'CS',
  ],
  [
    'interaction.read',
    'staff-only, involving my organization',
    (me) => ({ interaction: staffOnly(me.orgId) }),
    'CS',
  ],
  ['interaction.read', 'shown to my organization', (me) => ({ interaction: shown(me.orgId) }), 'MCS'],
  ['interaction.read', 'shown to other organizations', () => ({ interaction: shown(someone()) }), 'CS'],
  [
    'interaction.read',
    'one I logged',
    (me) => ({ interaction: { ...staffOnly(someone()), createdBy: me.id } }),
    'GMCS',
  ],
  ['interaction.readNote', 'shown to my organization', (me) => ({ interaction: shown(me.orgId) }), 'CS'],
  [
    'interaction.readNote',
    'one I logged',
    (me) => ({ interaction: { ...shown(me.orgId), createdBy: me.id } }),
    'GMCS',
  ],
  [
    'interaction.change',
    'one I logged for my organization',
    (me) => ({ interaction: { ...shown(me.orgId), createdBy: me.id } }),
    'MCS',
  ],
  ['interaction.change', "someone else's", (me) => ({ interaction: shown(me.orgId) }), ''],
  ['task.change', 'a task I own', (me) => ({ task: { ownerId: me.id } }), 'CS'],
  [
    'task.change',
    'a task I created for someone',
    (me) => ({ task: { ownerId: someone(), createdBy: me.id } }),
    'CS',
  ],
  ['task.change', "someone else's task", () => ({ task: { ownerId: someone(), createdBy: someone() } }), 'S'],
  ['task.own', 'a coordinator as the new owner', () => ({ assigneeRole: 'coordinator' }), 'GMCS'],
  ['task.own', 'a member as the new owner', () => ({ assigneeRole: 'member' }), ''],
  ['timeline.readPrivate', 'my organization', (me) => ({ orgId: me.orgId }), 'MCS'],
  ['timeline.readPrivate', 'myself', (me) => ({ personId: me.personId }), 'GMCS'],
  ['timeline.readPrivate', 'another organization', () => ({ orgId: someone() }), 'CS'],
  ['match.feedback', 'my organization', (me) => ({ orgId: me.orgId }), 'MCS'],
  ['match.feedback', 'another organization', () => ({ orgId: someone() }), 'CS'],
  ['user.update', 'my own account', (me) => ({ userId: me.id }), ''],
  ['user.update', 'another account', () => ({ userId: someone() }), 'S'],
];

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

  const recordCases = RECORD_CASES.flatMap(([action, record, resourceFor, letters]) =>
    ROLES.map((role) => ({ action, record, resourceFor, role, allowed: letters.includes(LETTER[role]) })),
  );
  it.each(recordCases)(
    'should $action on $record be allowed=$allowed for $role',
    ({ action, resourceFor, role, allowed }) => {
      const me: Me = { ...actor(role), orgId: someone(), personId: someone() };
      expect(can(me, action, resourceFor(me))).toBe(allowed);
    },
  );

  it('should deny the secretariat changing its own role or status', () => {
    const me = actor('secretariat');
    expect(can(me, 'user.update', { userId: me.id })).toBe(false);
    expect(can(me, 'user.update', { userId: new Types.ObjectId() })).toBe(true);
  });
});
