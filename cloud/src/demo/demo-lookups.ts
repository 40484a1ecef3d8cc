import { normalizeOrgName } from '@alliance-hub/types';
import { DEMO_ORGS, DEMO_PEOPLE } from './demo-data';

/**
 * The demo's own organizations and people, found by their indexed keys (the ones seeding upserts
 * them on), never by reading the whole directory: on a database holding 100,000 organizations and
 * 300,000 people the demo's name lookups read all of them into the API process, ~12 s at start-up
 * (#19). Every organization and person the demo refers to is one of these.
 */
export const demoOrganizationsFilter = () => ({
  nameKey: { $in: DEMO_ORGS.map((org) => normalizeOrgName(org.name)) },
});

export const demoPeopleFilter = () => ({
  'contacts.mobile': { $in: DEMO_PEOPLE.map((person) => person.mobile) },
});
