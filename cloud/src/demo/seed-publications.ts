import { type Types } from 'mongoose';
import { INDUSTRY_FIELD_LABELS, todayInShanghai } from '@alliance-hub/types';
import { AchievementModel } from '../features/achievements/achievement.model';
import { DemandModel } from '../features/demands/demand.model';
import { EventModel } from '../features/events/event.model';
import { OrganizationModel } from '../features/organizations/organization.model';
import { PersonModel } from '../features/people/person.model';
import { publicationSearchFields } from '../features/publications/publication-search';
import { UserModel } from '../features/users/user.model';
import { DEMO_ACHIEVEMENTS, DEMO_DEMANDS, DEMO_ROADSHOW } from './demo-data';
import { demoOrganizationsFilter, demoPeopleFilter } from './demo-lookups';

const DAY = 86_400_000;

function dateInDays(days: number): string {
  const d = new Date(`${todayInShanghai()}T00:00:00Z`);
  return new Date(d.getTime() + days * DAY).toISOString().slice(0, 10);
}

/**
 * Demo achievements and demands (most published, a few waiting for review) and one roadshow
 * whose agenda presents four of the achievements. Upserts on a demo key, so it completes after
 * an interruption and never duplicates.
 */
export async function seedDemoPublications(): Promise<{ achievements: number; demands: number }> {
  const author = await UserModel.findOne({ devKey: 'secretariat:秘书处·王秘书长' }, { _id: 1 }).lean();
  const reviewer = await UserModel.findOne({ devKey: 'coordinator:白衬衫·李明' }, { _id: 1 }).lean();
  if (!author || !reviewer) return { achievements: 0, demands: 0 };
  const orgs = new Map(
    (
      await OrganizationModel.find(demoOrganizationsFilter(), {
        name: 1,
        aliases: 1,
        kind: 1,
        region: 1,
      }).lean()
    ).map((o) => [o.name, o]),
  );
  const people = new Map(
    (await PersonModel.find(demoPeopleFilter(), { name: 1 }).lean()).map((p) => [p.name, p._id]),
  );
  const now = Date.now();

  const common = (
    item: {
      title: string;
      org: string;
      contact: string;
      fields: string[];
      keywords: string[];
      status: string;
    },
    index: number,
    texts: string[],
  ) => {
    const org = orgs.get(item.org);
    if (!org) return undefined;
    const published = item.status === 'published';
    return {
      title: item.title,
      fields: item.fields,
      keywords: item.keywords,
      ownerOrgId: org._id,
      ownerKind: org.kind,
      ownerProvince: org.region?.province ?? undefined,
      contactPersonIds: people.has(item.contact) ? [people.get(item.contact) as Types.ObjectId] : [],
      status: item.status,
      createdBy: author._id,
      submittedAt: new Date(now - (30 - index) * DAY),
      ...(published
        ? {
            publishedAt: new Date(now - (20 - index) * DAY),
            reviewedAt: new Date(now - (20 - index) * DAY),
            reviewedBy: reviewer._id,
          }
        : {}),
      ...publicationSearchFields({
        title: item.title,
        keywords: item.keywords,
        texts,
        ownerName: org.name,
        ownerAliases: org.aliases ?? [],
        fieldLabels: item.fields.map((code) => INDUSTRY_FIELD_LABELS[code] ?? code),
      }),
    };
  };

  const achievementIds = new Map<string, Types.ObjectId>();
  for (const [i, a] of DEMO_ACHIEVEMENTS.entries()) {
    const shared = common(a, i, [a.summary]);
    if (!shared) continue;
    const doc = await AchievementModel.findOneAndUpdate(
      { importKey: `demo:achievement:${i}` },
      {
        $setOnInsert: {
          ...shared,
          summary: a.summary,
          maturity: a.maturity,
          transferModes: a.transferModes,
          ip: a.ip ?? [],
          ...(a.priceWan ? { priceWan: a.priceWan } : { priceNegotiable: true }),
        },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    );
    if (doc) achievementIds.set(a.title, doc._id);
  }
  for (const [i, d] of DEMO_DEMANDS.entries()) {
    const shared = common(d, i, [d.description]);
    if (!shared) continue;
    await DemandModel.updateOne(
      { importKey: `demo:demand:${i}` },
      {
        $setOnInsert: {
          ...shared,
          description: d.description,
          cooperationModes: d.cooperationModes,
          visibility: d.visibility ?? 'members',
          progress: d.progress ?? 'open',
          ...(d.budget
            ? { budgetMinWan: d.budget[0], budgetMaxWan: d.budget[1] }
            : { budgetNegotiable: true }),
          ...(d.deadlineInDays ? { deadline: dateInDays(d.deadlineInDays) } : {}),
        },
      },
      { upsert: true },
    );
  }

  const startsAt = new Date(`${dateInDays(DEMO_ROADSHOW.startsInDays)}T06:00:00Z`); // 14:00 Beijing
  await EventModel.updateOne(
    { eventCode: DEMO_ROADSHOW.code },
    {
      $setOnInsert: {
        title: DEMO_ROADSHOW.title,
        kind: 'achievement_roadshow',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
        place: DEMO_ROADSHOW.place,
        organisers: ['联盟秘书处'],
        fields: ['metal_materials'],
        registrationMode: 'open',
        agenda: DEMO_ROADSHOW.slots.map((slot) => {
          const time = new Date(startsAt.getTime() + slot.minutes * 60_000);
          if (!('achievement' in slot))
            return {
              time,
              title: slot.title,
              ...('speaker' in slot ? { speaker: slot.speaker } : {}),
              kind: 'session',
            };
          const demo = DEMO_ACHIEVEMENTS.find((a) => a.title === slot.achievement);
          return {
            time,
            title: `成果路演：${slot.achievement}`,
            speaker: demo?.contact,
            organization: demo?.org,
            kind: 'achievement_roadshow',
            achievementId: achievementIds.get(slot.achievement),
          };
        }),
        staff: [{ userId: reviewer._id, duty: 'matchmaking' }],
        eventCode: DEMO_ROADSHOW.code,
        registeredCount: 0,
        createdBy: author._id,
      },
    },
    { upsert: true },
  );
  return { achievements: DEMO_ACHIEVEMENTS.length, demands: DEMO_DEMANDS.length };
}
