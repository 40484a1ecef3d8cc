import { INDUSTRY_FIELD_LABELS, normalizeOrgName } from '@alliance-hub/types';
import { orgSearchFields, personSearchFields } from '../features/directory/search-tokens';
import type { Logger } from '../logger';
import { OrganizationModel } from '../features/organizations/organization.model';
import { PersonModel } from '../features/people/person.model';
import { UserModel } from '../features/users/user.model';
import { DEMO_ORGS, DEMO_PEOPLE, DEMO_USERS } from './demo-data';
import { seedDemoPublications } from './seed-publications';
import { seedDemoTargets } from './seed-targets';
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
  const orgIds = new Map<string, unknown>();
  for (const org of DEMO_ORGS) {
    const doc = await OrganizationModel.findOneAndUpdate(
      { nameKey: normalizeOrgName(org.name) },
      {
        $setOnInsert: {
          name: org.name,
          aliases: org.aliases ?? [],
          ...orgSearchFields({ ...org, fieldLabels: org.fields.map((code) => INDUSTRY_FIELD_LABELS[code]) }),
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
      { upsert: true, returnDocument: 'after', lean: true },
    );
    orgIds.set(org.name, doc?._id);
  }
  const personIds = new Map<string, unknown>();
  for (const person of DEMO_PEOPLE) {
    const doc = await PersonModel.findOneAndUpdate(
      { 'contacts.mobile': person.mobile },
      {
        $setOnInsert: {
          name: person.name,
          title: person.title,
          orgId: orgIds.get(person.org),
          expertise: person.expertise,
          contacts: { mobile: person.mobile, email: person.email },
          ...personSearchFields({ ...person, orgName: person.org }),
        },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    );
    personIds.set(person.name, { id: doc?._id, org: person.org });
  }
  for (const user of DEMO_USERS) {
    const linked = user.person ? (personIds.get(user.person) as { id: unknown; org: string }) : undefined;
    await UserModel.updateOne(
      { devKey: `${user.role}:${user.displayName}` },
      {
        $setOnInsert: {
          displayName: user.displayName,
          role: user.role,
          status: 'active',
          ...(linked ? { personId: linked.id, orgId: orgIds.get(linked.org) } : {}),
        },
      },
      { upsert: true },
    );
  }
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
