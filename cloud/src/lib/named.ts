import mongoose, { type Types } from 'mongoose';
import { OrganizationModel } from '../features/organizations/organization.model';
import { PersonModel } from '../features/people/person.model';
import { UserModel } from '../features/users/user.model';
import { EventModel } from '../features/events/event.model';

type Id = Types.ObjectId;
const hex = (ids: Iterable<Id | null | undefined>) => [
  ...new Set([...ids].flatMap((id) => (id ? [id.toHexString()] : []))),
];

/**
 * Names for a batch of records, looked up once per list rather than once per row. Achievements
 * and demands are read from their collections directly so these lists work whether or not that
 * feature is deployed (an empty collection simply names nothing).
 */
export type Names = {
  person(id: Id): { id: string; name: string; organization: string | null; orgId: string | null } | undefined;
  org(id: Id): { id: string; name: string } | undefined;
  user(id: Id | null | undefined): { id: string; displayName: string } | null;
  event(id: Id | null | undefined): { id: string; title: string } | null;
  achievement(id: Id | null | undefined): { id: string; title: string } | null;
  demand(id: Id | null | undefined): { id: string; title: string } | null;
};

export type NameRequest = {
  people?: Iterable<Id | null | undefined>;
  orgs?: Iterable<Id | null | undefined>;
  users?: Iterable<Id | null | undefined>;
  events?: Iterable<Id | null | undefined>;
  achievements?: Iterable<Id | null | undefined>;
  demands?: Iterable<Id | null | undefined>;
};

async function titles(collection: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const docs = await mongoose.connection
    .collection(collection)
    .find({ _id: { $in: ids.map((id) => new mongoose.Types.ObjectId(id)) } }, { projection: { title: 1 } })
    .toArray();
  return new Map(docs.map((d) => [String(d._id), String(d.title ?? '')]));
}

// An empty list asks nothing: no round trip (most rows name no event, achievement or demand).
const unless = <T>(ids: string[], query: () => Promise<T[]>): Promise<T[]> =>
  ids.length === 0 ? Promise.resolve([]) : query();

export async function lookupNames(request: NameRequest): Promise<Names> {
  const personIds = hex(request.people ?? []);
  const people = await unless(personIds, () =>
    PersonModel.find({ _id: { $in: personIds } }, { name: 1, orgId: 1 }).lean(),
  );
  const orgIds = hex([...(request.orgs ?? []), ...people.map((p) => p.orgId)]);
  const userIds = hex(request.users ?? []);
  const eventIds = hex(request.events ?? []);
  const [orgs, users, events, achievements, demands] = await Promise.all([
    unless(orgIds, () => OrganizationModel.find({ _id: { $in: orgIds } }, { name: 1 }).lean()),
    unless(userIds, () => UserModel.find({ _id: { $in: userIds } }, { displayName: 1 }).lean()),
    unless(eventIds, () => EventModel.find({ _id: { $in: eventIds } }, { title: 1 }).lean()),
    titles('achievements', hex(request.achievements ?? [])),
    titles('demands', hex(request.demands ?? [])),
  ]);
  const orgMap = new Map(orgs.map((o) => [o._id.toHexString(), o.name]));
  const personMap = new Map(people.map((p) => [p._id.toHexString(), p]));
  const userMap = new Map(users.map((u) => [u._id.toHexString(), u.displayName]));
  const eventMap = new Map(events.map((e) => [e._id.toHexString(), e.title]));
  const titled = (map: Map<string, string>, id: Id | null | undefined) => {
    const title = id ? map.get(id.toHexString()) : undefined;
    return id && title !== undefined ? { id: id.toHexString(), title } : null;
  };
  return {
    person(id) {
      const p = personMap.get(id.toHexString());
      if (!p) return undefined;
      const orgId = p.orgId?.toHexString() ?? null;
      return {
        id: id.toHexString(),
        name: p.name,
        organization: orgId ? (orgMap.get(orgId) ?? null) : null,
        orgId,
      };
    },
    org(id) {
      const name = orgMap.get(id.toHexString());
      return name === undefined ? undefined : { id: id.toHexString(), name };
    },
    user(id) {
      const name = id ? userMap.get(id.toHexString()) : undefined;
      return id && name !== undefined ? { id: id.toHexString(), displayName: name } : null;
    },
    event: (id) => titled(eventMap, id),
    achievement: (id) => titled(achievements, id),
    demand: (id) => titled(demands, id),
  };
}
