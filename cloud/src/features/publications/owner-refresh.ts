import type { Types } from 'mongoose';
import { AchievementModel } from '../achievements/achievement.model';
import { DemandModel } from '../demands/demand.model';
import { OrganizationModel } from '../organizations/organization.model';
import { fieldLabelsByCode } from '../taxonomy/taxonomy.service';
import { publicationSearchFields } from './publication-search';

/**
 * Achievements and demands copy their owner's name, aliases, kind and province (search keys and
 * filters); after the organization changes these, its items are re-keyed, one document at a time
 * (idempotent: running it again after an interruption gives the same keys).
 */
export async function refreshPublicationsOfOrg(orgId: Types.ObjectId): Promise<void> {
  const org = await OrganizationModel.findById(orgId, { name: 1, aliases: 1, kind: 1, region: 1 }).lean();
  if (!org) return;
  const labels = await fieldLabelsByCode();
  const owner = {
    ownerKind: org.kind,
    ...(org.region?.province ? { ownerProvince: org.region.province } : {}),
  };
  const keysOf = (
    doc: { title: string; keywords: string[]; fields: string[] },
    texts: Array<string | null | undefined>,
  ) =>
    publicationSearchFields({
      title: doc.title,
      keywords: doc.keywords,
      texts,
      ownerName: org.name,
      ownerAliases: org.aliases ?? [],
      fieldLabels: doc.fields.map((code) => labels.get(code) ?? code),
    });
  const achievements = AchievementModel.find(
    { ownerOrgId: orgId },
    { title: 1, keywords: 1, fields: 1, summary: 1, detail: 1 },
  )
    .lean()
    .cursor();
  for await (const doc of achievements) {
    await AchievementModel.updateOne(
      { _id: doc._id },
      { $set: { ...owner, ...keysOf(doc, [doc.summary, doc.detail]) } },
    );
  }
  const demands = DemandModel.find(
    { ownerOrgId: orgId },
    { title: 1, keywords: 1, fields: 1, description: 1 },
  )
    .lean()
    .cursor();
  for await (const doc of demands) {
    await DemandModel.updateOne({ _id: doc._id }, { $set: { ...owner, ...keysOf(doc, [doc.description]) } });
  }
}
