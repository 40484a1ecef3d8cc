import type { RecommendationItemView, RecommendationListView } from '@alliance-hub/types';
import { forbidden } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { AchievementModel } from '../achievements/achievement.model';
import { DemandModel } from '../demands/demand.model';
import { OrganizationModel } from '../organizations/organization.model';
import { loadOwners } from '../publications/publication.refs';
import { Types } from 'mongoose';
import { matchingCatalog } from './match-catalog';
import type { ListedDoc } from './match-index';
import { bandOf, rankMatches, type RankedMatch } from './match-scoring';

/** "New" for 为你推荐: published in the last 90 days. */
const RECENT_MS = 90 * 86_400_000;
const LIMIT = 20;

/**
 * 为你推荐: universities and institutes get new demands their achievements and capabilities could
 * answer, enterprises new achievements that fit what they need. Only items in the organization's
 * fields (when it has any) and never its own; ranked by how well they fit the organization's own
 * listings and texts, newest first among equals.
 */
export async function recommendationsFor(actor: Actor, now: Date): Promise<RecommendationListView> {
  if (!can(actor, 'match.recommend')) throw forbidden('只有成员单位可以查看推荐');
  if (!actor.orgId) return { kind: null, reason: null, items: [] };
  const org = await OrganizationModel.findById(actor.orgId, {
    kind: 1,
    fields: 1,
    keywords: 1,
    capabilities: 1,
    needs: 1,
    region: 1,
  }).lean();
  if (!org) return { kind: null, reason: null, items: [] };
  const supplier = org.kind === 'university' || org.kind === 'institute';
  const wantsKind = supplier ? 'demand' : 'achievement';
  const own = supplier
    ? await AchievementModel.find({ ownerOrgId: org._id, status: 'published' }, { title: 1, keywords: 1 })
        .sort({ _id: -1 })
        .limit(30)
        .lean()
    : await DemandModel.find({ ownerOrgId: org._id, status: 'published' }, { title: 1, keywords: 1 })
        .sort({ _id: -1 })
        .limit(30)
        .lean();
  const text = [
    supplier ? org.capabilities : org.needs,
    ...own.map((d) => [d.title, ...d.keywords].join(' ')),
  ]
    .filter(Boolean)
    .join('\n');
  const fields = org.fields ?? [];
  const catalog = await matchingCatalog.get();
  const index = supplier ? catalog.demands : catalog.achievements;
  const since = now.getTime() - RECENT_MS;
  const orgId = org._id.toHexString();
  const accept = (doc: ListedDoc) =>
    doc.orgId !== orgId &&
    Number(doc.facts?.publishedAt ?? 0) >= since &&
    (doc.facts?.visibility ?? 'members') !== 'staff' &&
    (fields.length === 0 || doc.fields.some((f) => fields.includes(f)));
  const ranked = text
    ? rankMatches(
        index,
        {
          kind: 'organization',
          title: (org.keywords ?? []).join(' '),
          text,
          fields,
          province: org.region?.province,
        },
        { limit: LIMIT, accept },
      )
    : [];
  const picked = new Map<string, RankedMatch | null>(ranked.map((m) => [m.doc.id, m]));
  // Too little to go on, or few fits: fill with the newest items in the organization's fields.
  if (picked.size < LIMIT && fields.length > 0) {
    const filter = {
      status: 'published' as const,
      fields: { $in: fields },
      ownerOrgId: { $ne: org._id },
      publishedAt: { $gte: new Date(since) },
    };
    const recent = supplier
      ? await DemandModel.find({ ...filter, visibility: 'members' }, { _id: 1 })
          .sort({ _id: -1 })
          .limit(LIMIT)
          .lean()
      : await AchievementModel.find(filter, { _id: 1 }).sort({ _id: -1 }).limit(LIMIT).lean();
    for (const row of recent) if (!picked.has(row._id.toHexString())) picked.set(row._id.toHexString(), null);
  }
  const ids = [...picked.keys()].slice(0, LIMIT).map((id) => new Types.ObjectId(id));
  const projection = { title: 1, fields: 1, ownerOrgId: 1, publishedAt: 1 } as const;
  type Row = {
    _id: Types.ObjectId;
    title: string;
    fields?: string[];
    ownerOrgId: Types.ObjectId;
    publishedAt?: Date | null;
  };
  const rows: Row[] = supplier
    ? await DemandModel.find({ _id: { $in: ids }, status: 'published' }, projection).lean<Row[]>()
    : await AchievementModel.find({ _id: { $in: ids }, status: 'published' }, projection).lean<Row[]>();
  const owners = await loadOwners(rows.map((r) => r.ownerOrgId));
  const byId = new Map(rows.map((r) => [r._id.toHexString(), r]));
  const items: RecommendationItemView[] = [];
  for (const id of ids) {
    const row = byId.get(id.toHexString());
    if (!row) continue;
    const match = picked.get(id.toHexString());
    const score = match?.score ?? 0;
    items.push({
      kind: wantsKind,
      id: id.toHexString(),
      title: row.title,
      ownerName: owners.get(row.ownerOrgId.toHexString())?.name ?? null,
      fields: row.fields ?? [],
      publishedAt: row.publishedAt?.toISOString() ?? null,
      score,
      band: bandOf(score),
      terms: [
        ...new Set(
          (match?.matched ?? [])
            .filter((q) => !q.expandedFrom)
            .sort((a, b) => b.weight - a.weight)
            .map((q) => q.term),
        ),
      ].slice(0, 5),
    });
  }
  return {
    kind: wantsKind,
    reason: supplier
      ? '按贵单位的领域、成果和技术能力推荐近 90 天新发布的技术需求'
      : '按贵单位的领域和需求推荐近 90 天新发布的科技成果',
    items,
  };
}
