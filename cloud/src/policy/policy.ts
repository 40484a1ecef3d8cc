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
] as const;
export type Action = (typeof ACTIONS)[number];

/** A resource the rule may need to look at (e.g. the user being changed). */
export type Resource = { userId?: Types.ObjectId };

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
};

export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  return actor.status === 'active' && RULES[action](actor, resource);
}
