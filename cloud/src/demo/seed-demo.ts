import { INDUSTRY_FIELD_LABELS, normalizeOrgName } from '@alliance-hub/types';
import { orgSearchFields, personSearchFields } from '../features/directory/search-tokens';
import type { Logger } from '../logger';
import { OrganizationModel } from '../features/organizations/organization.model';
import { PersonModel } from '../features/people/person.model';
import { UserModel } from '../features/users/user.model';
import { DEMO_ORGS, DEMO_PEOPLE, DEMO_USERS } from './demo-data';
import { seedDemoPublications } from './seed-publications';
import { seedDemoTargets } from './seed-targets';
import { demoOrganizationsFilter, demoPeopleFilter } from './demo-lookups';
import { seedDemoIntents } from './seed-intents';

/**
 * Loads the demo alliance into an empty database. Every write is an upsert on a natural key,
 * so a seed interrupted half-way simply completes on the next start.
 */
export async function seedDemoData(logger: Logger): Promise<void> {
  if (
    (await UserModel.estimatedDocumentCount()) > 0 &&
    (await OrganizationModel.estimatedDocumentCount()) >= DEMO_ORGS.length
  ) {
    return;
  }
  // One round trip per kind (each a bulk of upserts, then the ids read back by the same natural
  // keys) rather than one per document: a start on a large directory seeds while the database
  // thread is still building its indexes, and each round trip then waits for it (#19).
  await OrganizationModel.bulkWrite(
    DEMO_ORGS.map((org) => ({
      updateOne: {
        filter: { nameKey: normalizeOrgName(org.name) },
        update: {
          $setOnInsert: {
            name: org.name,
            aliases: org.aliases ?? [],
            ...orgSearchFields({
              ...org,
              fieldLabels: org.fields.map((code) => INDUSTRY_FIELD_LABELS[code]),
            }),
            kind: org.kind,
            region: { province: org.province, city: org.city },
            fields: org.fields,
            allianceRole: org.allianceRole,
            membership:
              org.allianceRole === 'non_member'
                ? { status: 'none' }
                : { status: 'active', joinedAt: new Date('2024-03-15T00:00:00Z') },
            capabilities: org.capabilities,
            needs: org.needs,
          },
        },
        upsert: true,
      },
    })),
  );
  const orgByKey = new Map(
    (await OrganizationModel.find(demoOrganizationsFilter(), { nameKey: 1 }).lean()).map((o) => [
      o.nameKey,
      o._id,
    ]),
  );
  const orgId = (name: string) => orgByKey.get(normalizeOrgName(name));
  await PersonModel.bulkWrite(
    DEMO_PEOPLE.map((person) => ({
      updateOne: {
        filter: { 'contacts.mobile': person.mobile },
        update: {
          $setOnInsert: {
            name: person.name,
            title: person.title,
            orgId: orgId(person.org),
            expertise: person.expertise,
            contacts: { mobile: person.mobile, email: person.email },
            ...personSearchFields({ ...person, orgName: person.org }),
          },
        },
        upsert: true,
      },
    })),
  );
  const personByMobile = new Map(
    (await PersonModel.find(demoPeopleFilter(), { contacts: 1 }).lean()).map((p) => [
      p.contacts?.mobile,
      p._id,
    ]),
  );
  await UserModel.bulkWrite(
    DEMO_USERS.map((user) => {
      const person = user.person ? DEMO_PEOPLE.find((p) => p.name === user.person) : undefined;
      return {
        updateOne: {
          filter: { devKey: `${user.role}:${user.displayName}` },
          update: {
            $setOnInsert: {
              displayName: user.displayName,
              role: user.role,
              status: 'active',
              ...(person ? { personId: personByMobile.get(person.mobile), orgId: orgId(person.org) } : {}),
            },
          },
          upsert: true,
        },
      };
    }),
  );
  const publications = await seedDemoPublications();
  await seedDemoTargets();
  const intents = await seedDemoIntents();
  logger.info(
    {
      organizations: DEMO_ORGS.length,
      people: DEMO_PEOPLE.length,
      users: DEMO_USERS.length,
      ...publications,
      intents,
    },
    'demo data loaded',
  );
}
