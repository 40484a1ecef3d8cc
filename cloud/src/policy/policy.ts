import type { Types } from 'mongoose';
import { atLeast, type Role } from '@alliance-hub/types';

/** Who is asking, as loaded fresh from the database on every request. */
export type Actor = {
  id: Types.ObjectId;
  role: Role;
  status: 'active' | 'disabled';
  orgId: Types.ObjectId | null;
  personId: Types.ObjectId | null;
  sessionId: Types.ObjectId;
  /** Echoed where the actor's own action is shown back (a check-in's 由 …) without another lookup. */
  displayName?: string;
};

export const ACTIONS = [
  'me.read',
  'session.manage',
  'webLogin.confirm',
  'application.create',
  'application.readOwn',
  'application.withdrawOwn',
  'application.list',
  'application.decide',
  'user.list',
  'user.update',
  'audit.read',
  'directory.read',
  'organization.create',
  'organization.update',
  'person.create',
  'person.update',
  'person.contacts.read',
  'person.contacts.readShared',
  'taxonomy.extend',
  'event.read',
  'event.register',
  'event.manage',
  'event.checkIn',
  'registration.createForOthers',
  'registration.decide',
  'registration.cancel',
  'card.manage',
  'cardRequest.decide',
  'encounter.read',
  'directory.import',
  'directory.export',
  'publication.read',
  'publication.write',
  'publication.review',
  'publication.readRestricted',
  'publication.import',
  'selection.create',
  'selection.manage',
  'interaction.create',
  'interaction.read',
  'interaction.readNote',
  'interaction.change',
  'task.use',
  'task.listAll',
  'task.change',
  'task.own',
  'timeline.read',
  'timeline.readPrivate',
  'stats.read',
  'stats.readAll',
  'targets.manage',
  'report.export',
  'intent.read',
  'intent.readInternal',
  'intent.create',
  'intent.update',
  'intent.reassign',
  'intent.own',
  'intent.reportSigned',
  'intent.settings',
  'intent.export',
  'intent.import',
  'match.read',
  'match.feedback',
  'match.recommend',
  'synonym.read',
  'synonym.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What a rule looks at about an event: its mode and its staff list. */
export type EventFacts = {
  registrationMode: 'open' | 'approval' | 'invite';
  staff: ReadonlyArray<{ userId: Types.ObjectId }>;
};

/**
 * The loaded record a rule may need to look at. Services load the record and pass the facts;
 * the rule decides. Without a record a rule answers for the role alone, which is how routes use
 * it as a first gate: a member edits no organization and a coordinator checks nobody in until
 * the record shows it is theirs, so a service that forgets the record denies rather than allows.
 */
export type Resource = {
  /** The user being changed. */
  userId?: Types.ObjectId;
  /** The organization being edited, or the organization of the person being registered. */
  orgId?: Types.ObjectId | null;
  /** The person being edited or looked at, or the addressee of a card request. */
  personId?: Types.ObjectId | null;
  /** The fields a write changes: some fields only the alliance's staff may change. */
  changes?: readonly string[];
  /** The event concerned. */
  event?: EventFacts;
  /** The actor has a registration (of any status) for `event`: they were invited or signed up. */
  onEventList?: boolean;
  /** The registration concerned: whose it is, and who registered them. */
  registration?: { personId: Types.ObjectId | null; registeredBy?: Types.ObjectId | null };
  /** The actor exchanged cards with `personId` and still keeps them as a contact. */
  exchanged?: boolean;
  /** The user who created the achievement or demand concerned (its owner is `orgId`). */
  authorId?: Types.ObjectId | null;
  /** The interaction concerned: who logged it, which organizations it involves, who may see it. */
  interaction?: InteractionFacts;
  /** The task concerned: its owner and who created it. */
  task?: { ownerId: Types.ObjectId; createdBy?: Types.ObjectId | null };
  /** The role of the user a task would be assigned to. */
  assigneeRole?: Role;
  /** How the actor's own session was opened: a web sign-in is confirmed on the phone only. */
  sessionClient?: 'weapp' | 'h5' | 'dev';
  /** The cooperation intent concerned: its owner, creator and party organizations. */
  intent?: IntentFacts;
};

export type IntentFacts = {
  ownerId?: Types.ObjectId | null;
  createdBy?: Types.ObjectId | null;
  partyOrgIds: readonly Types.ObjectId[];
};

export type InteractionFacts = {
  createdBy?: Types.ObjectId | null;
  orgIds: readonly Types.ObjectId[];
  visibility: 'staff' | 'orgs';
};

/**
 * Fields that decide who belongs to the alliance and under which name: a member's own edits
 * must not touch them. Membership changes through an approved application or the alliance's
 * staff (coordinators and the secretariat), otherwise anyone could list themself as another
 * organization's staff on its profile and in exports.
 */
export const ORGANIZATION_STAFF_ONLY_FIELDS: readonly string[] = ['name', 'kind', 'allianceRole'];
export const PERSON_STAFF_ONLY_FIELDS: readonly string[] = ['orgId'];

type Rule = (actor: Actor, resource?: Resource) => boolean;

const signedIn: Rule = () => true;
const minimum =
  (role: Role): Rule =>
  (actor) =>
    atLeast(actor.role, role);

const isAllianceStaff = (actor: Actor) => atLeast(actor.role, 'coordinator');
const onStaffOf = (actor: Actor, event: EventFacts | undefined) =>
  !!event?.staff.some((s) => s.userId.equals(actor.id));
const touchesOnly = (changes: readonly string[] | undefined, locked: readonly string[]) =>
  !changes?.some((field) => locked.includes(field));
const isMemberOf = (actor: Actor, orgIds: readonly Types.ObjectId[] | undefined) => {
  const own = actor.orgId;
  return actor.role === 'member' && !!own && !!orgIds?.some((id) => id.equals(own));
};
const loggedBy = (actor: Actor, facts: InteractionFacts | undefined) => !!facts?.createdBy?.equals(actor.id);
const isOwnPerson = (actor: Actor, personId: Types.ObjectId | null | undefined) =>
  !!personId && !!actor.personId?.equals(personId);

/** Coordinators and the secretariat run every event; an event's own staff run theirs. */
const runsEvent: Rule = (actor, resource) => isAllianceStaff(actor) || onStaffOf(actor, resource?.event);

/**
 * Every permission in one table, so the role × action matrix is tested in one place.
 * Disabled accounts never get this far: authentication rejects them first.
 */
const RULES: Record<Action, Rule> = {
  'me.read': signedIn,
  'session.manage': signedIn,
  // Signing a browser in is confirmed on a phone (the mini-program, or dev sign-in standing in
  // for it), never from another web session: a stolen browser session must not breed more.
  'webLogin.confirm': (_actor, resource) =>
    resource?.sessionClient === 'weapp' || resource?.sessionClient === 'dev',
  // Only someone not yet linked to a member unit applies to join as its representative.
  'application.create': (actor) => actor.role === 'guest',
  'application.readOwn': signedIn,
  'application.withdrawOwn': signedIn,
  'application.list': minimum('secretariat'),
  'application.decide': minimum('secretariat'),
  'user.list': minimum('secretariat'),
  // Nobody changes their own role or disables themselves: the last secretary must not lock the door.
  'user.update': (actor, resource) =>
    atLeast(actor.role, 'secretariat') && !resource?.userId?.equals(actor.id),
  'audit.read': minimum('secretariat'),
  // Guests at an event browse the directory too; contact fields are guarded by person.contacts.*.
  'directory.read': signedIn,
  'organization.create': minimum('coordinator'),
  // Members edit their own organization, but not its name, kind or alliance role.
  'organization.update': (actor, resource) =>
    isAllianceStaff(actor) ||
    (actor.role === 'member' &&
      !!resource?.orgId &&
      !!actor.orgId?.equals(resource.orgId) &&
      touchesOnly(resource.changes, ORGANIZATION_STAFF_ONLY_FIELDS)),
  'person.create': minimum('coordinator'),
  // Everyone edits their own person record (a guest's is their card), but not its organization.
  'person.update': (actor, resource) =>
    isAllianceStaff(actor) ||
    (isOwnPerson(actor, resource?.personId) && touchesOnly(resource?.changes, PERSON_STAFF_ONLY_FIELDS)),
  // Contact fields are personal information (PIPL): all of them to the person and the alliance's staff…
  'person.contacts.read': (actor, resource) =>
    isAllianceStaff(actor) || isOwnPerson(actor, resource?.personId),
  // …and the fields the person shares on their card to whoever exchanged cards with them.
  'person.contacts.readShared': (_actor, resource) => !!resource?.exchanged,
  'taxonomy.extend': minimum('secretariat'),
  // Invite-only events (and their titles) are for their staff, the people on the list, and the
  // alliance's staff; to anyone else they do not exist (404, not 403).
  'event.read': (actor, resource) =>
    !resource?.event ||
    resource.event.registrationMode !== 'invite' ||
    runsEvent(actor, resource) ||
    !!resource.onEventList,
  // A visitor scanning an event code registers too; invite-only events are filled by their staff.
  'event.register': (actor, resource) =>
    resource?.event?.registrationMode !== 'invite' || runsEvent(actor, resource),
  'event.manage': minimum('coordinator'),
  // Only the event's own staff check others in (the secretariat can always step in).
  'event.checkIn': (actor, resource) =>
    atLeast(actor.role, 'secretariat') || onStaffOf(actor, resource?.event),
  // A member unit's representative registers colleagues (same organization); staff register anyone.
  'registration.createForOthers': (actor, resource) =>
    runsEvent(actor, resource) ||
    (actor.role !== 'guest' && !!resource?.orgId && !!actor.orgId?.equals(resource.orgId)),
  // Admitting people (approve, reject, or adding them past the approval step) is the organisers' call.
  'registration.decide': runsEvent,
  // Cancelled by the attendee, whoever registered them, or the organisers.
  'registration.cancel': (actor, resource) =>
    runsEvent(actor, resource) ||
    isOwnPerson(actor, resource?.registration?.personId) ||
    !!resource?.registration?.registeredBy?.equals(actor.id),
  // Everyone signed in has a card and contacts, guests at events included.
  'card.manage': signedIn,
  // Only the person asked answers a card request.
  'cardRequest.decide': (actor, resource) => isOwnPerson(actor, resource?.personId),
  // Who met whom at events (names and organizations only) is for the alliance's staff.
  'encounter.read': minimum('coordinator'),
  // Bulk writes to the whole directory: the alliance office only.
  'directory.import': minimum('secretariat'),
  // Members may take the directory away as Excel, with the same contact privacy as the screens;
  // guests (unvetted event visitors) may browse but not bulk-download the member list.
  'directory.export': minimum('member'),
  // Achievements and demands (科技成果/技术需求). Published items are for everyone signed in; the
  // services hide staff-only demands and unpublished items from everyone else as 404.
  'publication.read': signedIn,
  // Members publish and edit for their own organization; the alliance's staff for anyone.
  'publication.write': (actor, resource) =>
    isAllianceStaff(actor) ||
    (actor.role === 'member' && !!resource?.orgId && !!actor.orgId?.equals(resource.orgId)),
  // Nobody reviews their own item: not its author, nor anyone of the organization it speaks for.
  'publication.review': (actor, resource) =>
    isAllianceStaff(actor) &&
    !resource?.authorId?.equals(actor.id) &&
    !(resource?.orgId && actor.orgId?.equals(resource.orgId)),
  // Drafts, review notes, staff-only demands and interest counts: the owner organization and staff.
  'publication.readRestricted': (actor, resource) =>
    isAllianceStaff(actor) ||
    (actor.role === 'member' && !!resource?.orgId && !!actor.orgId?.equals(resource.orgId)),
  'publication.import': minimum('secretariat'),
  // 点菜式 ticks at an event: anyone signed in with a person record (the service checks that).
  'selection.create': signedIn,
  // The selections work list is for whoever runs the event.
  'selection.manage': runsEvent,
  // Interactions are the alliance staff's log. A member unit's representative may log one for
  // their own organization (it must involve it), so their own contacts with the alliance count.
  'interaction.create': (actor, resource) =>
    isAllianceStaff(actor) || isMemberOf(actor, resource?.interaction?.orgIds),
  // Staff-only by default; marked 'orgs', the members of the organizations involved read it too.
  'interaction.read': (actor, resource) =>
    isAllianceStaff(actor) ||
    loggedBy(actor, resource?.interaction) ||
    (resource?.interaction?.visibility === 'orgs' && isMemberOf(actor, resource.interaction.orgIds)),
  // Notes are candid staff remarks: never shown to members, except the one who wrote them.
  'interaction.readNote': (actor, resource) =>
    isAllianceStaff(actor) || loggedBy(actor, resource?.interaction),
  // Everyone edits and deletes only their own entries, and only while they may still log them.
  'interaction.change': (actor, resource) =>
    loggedBy(actor, resource?.interaction) &&
    (isAllianceStaff(actor) || isMemberOf(actor, resource?.interaction?.orgIds)),
  // Follow-ups (我的待办) are the coordinators' and the secretariat's work list.
  'task.use': minimum('coordinator'),
  'task.listAll': minimum('coordinator'),
  // A task is changed by its owner, whoever created it, or the secretariat.
  'task.change': (actor, resource) =>
    isAllianceStaff(actor) &&
    (atLeast(actor.role, 'secretariat') ||
      !!resource?.task?.ownerId.equals(actor.id) ||
      !!resource?.task?.createdBy?.equals(actor.id)),
  // Only a coordinator or the secretariat can own a follow-up (reassign, create for someone).
  'task.own': (_actor, resource) => !!resource?.assigneeRole && atLeast(resource.assigneeRole, 'coordinator'),
  // Timelines: published items are for everyone signed in…
  'timeline.read': signedIn,
  // …registrations, check-ins and selections are for staff, the organization's own members and
  // the person themself (who attended what is not for other members to browse).
  'timeline.readPrivate': (actor, resource) =>
    isAllianceStaff(actor) ||
    isOwnPerson(actor, resource?.personId) ||
    (actor.role === 'member' && !!resource?.orgId && !!actor.orgId?.equals(resource.orgId)),
  // Statistics (#15): the alliance's staff see every figure; a member unit's representative sees
  // its own organization's (its intents, contracts, events attended), and only with an organization.
  'stats.read': (actor, resource) =>
    isAllianceStaff(actor) ||
    (actor.role === 'member' && !!actor.orgId && (!resource?.orgId || actor.orgId.equals(resource.orgId))),
  // Breakdowns and drill-downs across organizations, and the exported report, are staff work.
  'stats.readAll': minimum('coordinator'),
  'report.export': minimum('coordinator'),
  // Setting the year's targets and the hand-entered figures is the secretariat's (挂图作战).
  'targets.manage': minimum('secretariat'),
  // Cooperation intents (#14): the alliance's staff see every one; a member unit's representatives
  // see the intents their organization is a party to (the route gate lets members list; the
  // service narrows the list to theirs and answers 404 for the others).
  'intent.read': (actor, resource) =>
    isAllianceStaff(actor) ||
    (actor.role === 'member' && (!resource?.intent || isMemberOf(actor, resource.intent.partyOrgIds))),
  // Stage-history notes, lost notes and the staff note are candid remarks about the parties.
  'intent.readInternal': minimum('coordinator'),
  'intent.create': minimum('coordinator'),
  // Its owner, whoever created it, or the secretariat moves and edits an intent; other
  // coordinators see it and ask them, so the owner stays accountable for its figures.
  'intent.update': (actor, resource) =>
    isAllianceStaff(actor) &&
    (atLeast(actor.role, 'secretariat') ||
      !!resource?.intent?.ownerId?.equals(actor.id) ||
      !!resource?.intent?.createdBy?.equals(actor.id)),
  // Handing an intent to another coordinator: its owner or the secretariat.
  'intent.reassign': (actor, resource) =>
    atLeast(actor.role, 'secretariat') ||
    (isAllianceStaff(actor) && !!resource?.intent?.ownerId?.equals(actor.id)),
  // Only a coordinator or the secretariat can own an intent.
  'intent.own': (_actor, resource) =>
    !!resource?.assigneeRole && atLeast(resource.assigneeRole, 'coordinator'),
  // A party's representative says "we signed"; a coordinator confirms by moving it to 签约.
  'intent.reportSigned': (actor, resource) => isMemberOf(actor, resource?.intent?.partyOrgIds),
  // The stale thresholds are the alliance office's call.
  'intent.settings': minimum('secretariat'),
  'intent.export': minimum('coordinator'),
  'intent.import': minimum('secretariat'),
  // Matches (精准对接) of an item are for members and staff who can see the item; guests (unvetted
  // visitors) do not mine the network. Staff-only demands among the results are filtered per viewer.
  'match.read': minimum('member'),
  // 不合适 / 已对接 is the coordinators' call, or the item's own organization's.
  'match.feedback': (actor, resource) =>
    isAllianceStaff(actor) ||
    (actor.role === 'member' && !!resource?.orgId && !!actor.orgId?.equals(resource.orgId)),
  // 为你推荐 is for member units (it reads the viewer's organization).
  'match.recommend': minimum('member'),
  // The synonym table: staff read it; the secretariat keeps it.
  'synonym.read': minimum('coordinator'),
  'synonym.manage': minimum('secretariat'),
};

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return actor.status === 'active' && RULES[action](actor, resource);
}
