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
};

export const ACTIONS = [
  'me.read',
  'session.manage',
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
  'taxonomy.extend',
  'event.read',
  'event.register',
  'event.manage',
  'event.checkIn',
  'card.manage',
  'encounter.read',
  'directory.import',
  'directory.export',
] as const;
export type Action = (typeof ACTIONS)[number];

/** A resource the rule may need to look at (e.g. the user being changed). */
export type Resource = {
  userId?: Types.ObjectId;
  /** The organization being edited, or the organization of the person being edited. */
  orgId?: Types.ObjectId | null;
  personId?: Types.ObjectId;
  /** Whether the actor is on the staff list of the event concerned. */
  isEventStaff?: boolean;
};

type Rule = (actor: Actor, resource?: Resource) => boolean;

const signedIn: Rule = () => true;
const minimum =
  (role: Role): Rule =>
  (actor) =>
    atLeast(actor.role, role);

/**
 * Every permission in one table, so the role × action matrix is tested in one place.
 * Disabled accounts never get this far: authentication rejects them first.
 */
const RULES: Record<Action, Rule> = {
  'me.read': signedIn,
  'session.manage': signedIn,
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
  // Guests at an event browse the directory too; contact fields are guarded separately (privacy.ts).
  'directory.read': signedIn,
  'organization.create': minimum('coordinator'),
  // Members edit their own organization; coordinators and the secretariat edit all.
  'organization.update': (actor, resource) =>
    atLeast(actor.role, 'coordinator') ||
    (actor.role === 'member' && !!resource?.orgId && !!actor.orgId?.equals(resource.orgId)),
  'person.create': minimum('coordinator'),
  // Members edit their own person record; coordinators and the secretariat edit all.
  'person.update': (actor, resource) =>
    atLeast(actor.role, 'coordinator') ||
    (!!resource?.personId && !!actor.personId?.equals(resource.personId)),
  'taxonomy.extend': minimum('secretariat'),
  // Bulk writes to the whole directory: the alliance office only.
  // Members see the events open to them (invite-only visibility is decided by the service).
  'event.read': signedIn,
  // A visitor scanning an event code registers too.
  'event.register': signedIn,
  'event.manage': minimum('coordinator'),
  // Only the event's own staff check others in (the secretariat can always step in).
  'event.checkIn': (actor, resource) => atLeast(actor.role, 'secretariat') || !!resource?.isEventStaff,
  // Everyone signed in has a card and contacts, guests at events included.
  'card.manage': signedIn,
  // Who met whom at events (names and organizations only) is for the alliance's staff.
  'encounter.read': minimum('coordinator'),
  'directory.import': minimum('secretariat'),
  // Members may take the directory away as Excel, with the same contact privacy as the screens;
  // guests (unvetted event visitors) may browse but not bulk-download the member list.
  'directory.export': minimum('member'),
};

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return actor.status === 'active' && RULES[action](actor, resource);
}
