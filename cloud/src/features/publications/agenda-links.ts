import { type Types } from 'mongoose';
import type { EventDetailView } from '@alliance-hub/types';
import { validation, type FieldProblem } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { AchievementModel } from '../achievements/achievement.model';
import { DemandModel } from '../demands/demand.model';
import { OrganizationModel } from '../organizations/organization.model';

type AgendaLinkInput = { kind?: string; achievementId?: string; demandId?: string };
type StoredAgendaItem = {
  kind?: string | null;
  achievementId?: Types.ObjectId | null;
  demandId?: Types.ObjectId | null;
};
type AgendaLinkView = NonNullable<EventDetailView['agenda'][number]['link']>;

/**
 * A roadshow slot presents one achievement (成果路演) or one demand (需求路演); other slots link
 * nothing. The linked item must exist; it shows on the event page only to those who may see it.
 */
export async function checkAgendaLinks(agenda: AgendaLinkInput[] | undefined): Promise<void> {
  if (!agenda) return;
  const problems: FieldProblem[] = [];
  const wanted = { achievement: [] as string[], demand: [] as string[] };
  agenda.forEach((item, i) => {
    if (item.achievementId && item.kind !== 'achievement_roadshow') {
      problems.push({ path: `body.agenda.${i}.achievementId`, message: '只有成果路演环节可以关联科技成果' });
    }
    if (item.demandId && item.kind !== 'demand_roadshow') {
      problems.push({ path: `body.agenda.${i}.demandId`, message: '只有需求路演环节可以关联技术需求' });
    }
    if (item.achievementId) wanted.achievement.push(item.achievementId);
    if (item.demandId) wanted.demand.push(item.demandId);
  });
  const [achievements, demands] = await Promise.all([
    AchievementModel.find({ _id: { $in: wanted.achievement } }, { _id: 1 }).lean(),
    DemandModel.find({ _id: { $in: wanted.demand } }, { _id: 1 }).lean(),
  ]);
  const found = new Set([...achievements, ...demands].map((d) => d._id.toHexString()));
  agenda.forEach((item, i) => {
    if (item.achievementId && !found.has(item.achievementId.toLowerCase())) {
      problems.push({ path: `body.agenda.${i}.achievementId`, message: '关联的科技成果不存在' });
    }
    if (item.demandId && !found.has(item.demandId.toLowerCase())) {
      problems.push({ path: `body.agenda.${i}.demandId`, message: '关联的技术需求不存在' });
    }
  });
  if (problems.length > 0) throw validation(problems);
}

/** The linked item of each agenda slot (by index) that this viewer may see, for the event page. */
export async function agendaLinksOf(
  actor: Actor,
  agenda: StoredAgendaItem[],
): Promise<Map<number, AgendaLinkView>> {
  const ids = (key: 'achievementId' | 'demandId') =>
    agenda.flatMap((a) => (a[key] ? [a[key] as Types.ObjectId] : []));
  if (ids('achievementId').length + ids('demandId').length === 0) return new Map();
  const projection = { title: 1, ownerOrgId: 1, status: 1, visibility: 1 };
  const [achievements, demands] = await Promise.all([
    AchievementModel.find({ _id: { $in: ids('achievementId') } }, projection).lean(),
    DemandModel.find({ _id: { $in: ids('demandId') } }, projection).lean(),
  ]);
  const visible = (doc: { ownerOrgId: Types.ObjectId; status: string; visibility?: string }) =>
    can(actor, 'publication.readRestricted', { orgId: doc.ownerOrgId }) ||
    (doc.status === 'published' && doc.visibility !== 'staff');
  const docs = [...achievements, ...demands].filter(visible);
  const owners = await OrganizationModel.find(
    { _id: { $in: docs.map((d) => d.ownerOrgId) } },
    { name: 1 },
  ).lean();
  const ownerName = new Map(owners.map((o) => [o._id.toHexString(), o.name]));
  const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
  const links = new Map<number, AgendaLinkView>();
  agenda.forEach((item, index) => {
    const kind = item.achievementId ? 'achievement' : item.demandId ? 'demand' : null;
    const id = item.achievementId ?? item.demandId;
    const doc = id ? byId.get(id.toHexString()) : undefined;
    if (!kind || !doc) return;
    links.set(index, {
      kind,
      id: doc._id.toHexString(),
      title: doc.title,
      owner: { id: doc.ownerOrgId.toHexString(), name: ownerName.get(doc.ownerOrgId.toHexString()) ?? '' },
    });
  });
  return links;
}
