import { Types } from 'mongoose';
import {
  IntentCreateBody,
  type MatchDismissReason,
  type MatchFeedbackBody,
  type MatchFeedbackView,
  type MatchListView,
  type MatchResultView,
  type MatchTargetKind,
} from '@alliance-hub/types';
import { forbidden, notFound, validation } from '../../errors';
import type { Clock } from '../../lib/clock';
import { can, type Actor } from '../../policy/policy';
import { achievements } from '../achievements/achievement.service';
import { demands } from '../demands/demand.service';
import { recordAudit } from '../audit/audit.service';
import { createIntent } from '../intents/intent.service';
import { IntentModel } from '../intents/intent.model';
import { UserModel } from '../users/user.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { loadOwners } from '../publications/publication.refs';
import { AchievementModel } from '../achievements/achievement.model';
import { DemandModel } from '../demands/demand.model';
import { matchingCatalog, type Catalog } from './match-catalog';
import { earlierContacts, explain } from './match-explain';
import type { ListedDoc } from './match-index';
import { bandOf, rankMatches, type MatchSubject, type RankedMatch } from './match-scoring';
import { MatchFeedbackModel } from './match-feedback.model';

type SubjectKind = 'demand' | 'achievement';

/** Which results each subject gets, in the order the list shows them. */
const TARGETS: Record<SubjectKind, MatchTargetKind[]> = {
  demand: ['achievement', 'expert'],
  achievement: ['demand', 'organization'],
};

const HINTS: Record<SubjectKind, string> = {
  demand:
    '暂无高度匹配的结果。可以在需求描述中补充具体的材料、工艺或技术指标，放宽对成熟度的要求，或请联盟秘书处人工推荐。',
  achievement:
    '暂无高度匹配的需求。可以在成果简介中补充应用场景、可解决的问题和技术指标，或请联盟秘书处帮忙对接。',
};

type SubjectDoc = {
  _id: Types.ObjectId;
  title: string;
  keywords: string[];
  fields: string[];
  ownerOrgId: Types.ObjectId;
  ownerProvince?: string | null;
  summary?: string;
  detail?: string | null;
  description?: string;
  maturity?: MatchSubject['maturity'];
};

async function loadSubject(actor: Actor, kind: SubjectKind, id: string): Promise<SubjectDoc> {
  const service = kind === 'demand' ? demands : achievements;
  return (await service.loadVisible(actor, id)) as unknown as SubjectDoc;
}

const subjectText = (doc: SubjectDoc) =>
  doc.description ?? [doc.summary, doc.detail].filter(Boolean).join('\n');

function toSubject(kind: SubjectKind, doc: SubjectDoc): MatchSubject {
  return {
    kind,
    title: [doc.title, ...doc.keywords].join(' '),
    text: subjectText(doc),
    fields: doc.fields,
    province: doc.ownerProvince ?? null,
    orgId: doc.ownerOrgId.toHexString(),
    maturity: kind === 'achievement' ? (doc.maturity ?? null) : null,
  };
}

/** Staff-only demands are results for the staff and their own organization only. */
function demandVisibleTo(actor: Actor) {
  const staff = can(actor, 'publication.readRestricted', { orgId: null });
  const own = actor.orgId?.toHexString();
  return (doc: ListedDoc) => staff || doc.facts?.visibility !== 'staff' || doc.orgId === own;
}

type Candidate = { kind: MatchTargetKind; match: RankedMatch };

/**
 * Experts for a demand: their stated expertise, and how well their organization's achievements
 * answer it. Either alone can put someone on the list; both make a strong one.
 */
function rankExperts(
  catalog: Catalog,
  subject: MatchSubject,
  achievementMatches: RankedMatch[],
  limit: number,
) {
  const orgBest = new Map<string, number>();
  for (const m of achievementMatches) {
    const org = m.doc.orgId ?? '';
    orgBest.set(org, Math.max(orgBest.get(org) ?? 0, m.score));
  }
  const own = rankMatches(catalog.experts, subject, {
    limit: limit * 3,
    accept: (doc) => doc.orgId !== subject.orgId,
  });
  return own
    .map((m) => {
      const fromOrg = orgBest.get(m.doc.orgId ?? '') ?? 0;
      const score = Math.round((1 - (1 - m.score) * (1 - 0.5 * fromOrg)) * 1000) / 1000;
      return { ...m, score, band: bandOf(score) };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

/** Enterprises for an achievement: what they say they need, and their demands that match. */
function rankOrganizations(
  catalog: Catalog,
  subject: MatchSubject,
  demandMatches: RankedMatch[],
  limit: number,
): RankedMatch[] {
  const byOrg = new Map<string, RankedMatch>();
  for (const m of rankMatches(catalog.organizations, subject, {
    limit: limit * 3,
    accept: (doc) => doc.id !== subject.orgId,
  })) {
    byOrg.set(m.doc.id, m);
  }
  for (const m of demandMatches) {
    const org = m.doc.orgId;
    if (!org || org === subject.orgId) continue;
    const scaled = { ...m, score: Math.round(m.score * 0.9 * 1000) / 1000 };
    const known = byOrg.get(org);
    if (!known || known.score < scaled.score) {
      byOrg.set(org, { ...scaled, band: bandOf(scaled.score), doc: { ...m.doc, id: org } });
    }
  }
  return [...byOrg.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

async function dismissedFor(kind: SubjectKind, id: Types.ObjectId) {
  const rows = await MatchFeedbackModel.find(
    { subjectKind: kind, subjectId: id, verdict: 'dismissed' },
    { targetKind: 1, targetId: 1 },
  ).lean();
  return new Set(rows.map((r) => `${r.targetKind}:${r.targetId.toHexString()}`));
}

/** Titles, texts and owners of the results, read fresh (the index holds only what it ranks on). */
async function describeTargets(candidates: Candidate[]) {
  const ids = (kind: MatchTargetKind) =>
    candidates.filter((c) => c.kind === kind).map((c) => new Types.ObjectId(c.match.doc.id));
  const [achievementRows, demandRows, personRows, orgRows] = await Promise.all([
    AchievementModel.find(
      { _id: { $in: ids('achievement') } },
      { title: 1, summary: 1, ownerOrgId: 1 },
    ).lean(),
    DemandModel.find({ _id: { $in: ids('demand') } }, { title: 1, description: 1, ownerOrgId: 1 }).lean(),
    PersonModel.find({ _id: { $in: ids('expert') } }, { name: 1, title: 1, orgId: 1, expertise: 1 }).lean(),
    OrganizationModel.find({ _id: { $in: ids('organization') } }, { name: 1, needs: 1 }).lean(),
  ]);
  const owners = await loadOwners([
    ...achievementRows.map((r) => r.ownerOrgId),
    ...demandRows.map((r) => r.ownerOrgId),
    ...personRows.flatMap((r) => (r.orgId ? [r.orgId] : [])),
  ]);
  const ownerName = (id: Types.ObjectId | null | undefined) =>
    id ? (owners.get(id.toHexString())?.name ?? null) : null;
  type Described = { title: string; text: string; subtitle: string | null; orgId: string | null };
  const out = new Map<string, Described>();
  for (const r of achievementRows)
    out.set(`achievement:${r._id}`, {
      title: r.title,
      text: r.summary,
      subtitle: ownerName(r.ownerOrgId),
      orgId: String(r.ownerOrgId),
    });
  for (const r of demandRows)
    out.set(`demand:${r._id}`, {
      title: r.title,
      text: r.description,
      subtitle: ownerName(r.ownerOrgId),
      orgId: String(r.ownerOrgId),
    });
  for (const r of personRows)
    out.set(`expert:${r._id}`, {
      title: r.name,
      text: `研究方向：${(r.expertise ?? []).join('、')}`,
      subtitle: [ownerName(r.orgId), r.title].filter(Boolean).join(' · ') || null,
      orgId: r.orgId ? String(r.orgId) : null,
    });
  for (const r of orgRows)
    out.set(`organization:${r._id}`, {
      title: r.name,
      text: r.needs ?? '',
      subtitle: null,
      orgId: String(r._id),
    });
  return out;
}

export async function listMatches(
  actor: Actor,
  kind: SubjectKind,
  id: string,
  query: { kind?: MatchTargetKind; limit: number },
): Promise<MatchListView> {
  if (query.kind && !TARGETS[kind].includes(query.kind)) {
    throw validation([
      {
        path: 'query.kind',
        message: kind === 'demand' ? '需求的匹配结果只有成果和专家' : '成果的匹配结果只有需求和企业',
      },
    ]);
  }
  const doc = await loadSubject(actor, kind, id);
  const catalog = await matchingCatalog.get();
  const subject = toSubject(kind, doc);
  const dismissed = await dismissedFor(kind, doc._id);
  const keep = (targetKind: MatchTargetKind) => (m: RankedMatch) =>
    !dismissed.has(`${targetKind}:${m.doc.id}`);
  const wants = (k: MatchTargetKind) => !query.kind || query.kind === k;
  const candidates: Candidate[] = [];
  let dismissedCount = 0;
  const take = (targetKind: MatchTargetKind, ranked: RankedMatch[], limit: number) => {
    const kept = ranked.filter(keep(targetKind));
    dismissedCount += ranked.length - kept.length;
    candidates.push(...kept.slice(0, limit).map((match) => ({ kind: targetKind, match })));
  };
  // Extra candidates make up for dismissed ones and feed the expert / enterprise rankings.
  const pool = query.limit + dismissed.size + 20;
  if (kind === 'demand') {
    const found = rankMatches(catalog.achievements, subject, {
      limit: pool,
      accept: (d) => d.orgId !== subject.orgId,
    });
    if (wants('achievement')) take('achievement', found, query.limit);
    if (wants('expert')) take('expert', rankExperts(catalog, subject, found, pool), Math.min(query.limit, 5));
  } else {
    const visible = demandVisibleTo(actor);
    const found = rankMatches(catalog.demands, subject, {
      limit: pool,
      accept: (d) => d.orgId !== subject.orgId && visible(d),
    });
    if (wants('demand')) take('demand', found, query.limit);
    if (wants('organization'))
      take('organization', rankOrganizations(catalog, subject, found, pool), Math.min(query.limit, 5));
  }
  const described = await describeTargets(candidates);
  const contacts = await earlierContacts(
    doc.ownerOrgId,
    [...described.values()].flatMap((d) => (d.orgId ? [d.orgId] : [])),
  );
  const subjectTexts = { title: doc.title, text: subjectText(doc) };
  const results: MatchResultView[] = [];
  for (const { kind: targetKind, match } of candidates) {
    const target = described.get(`${targetKind}:${match.doc.id}`);
    // Gone since the index last looked (deleted, or unpublished a moment ago).
    if (!target) continue;
    results.push({
      kind: targetKind,
      id: match.doc.id,
      title: target.title,
      subtitle: target.subtitle,
      organizationId: target.orgId,
      score: match.score,
      band: match.band,
      explanation: await explain(
        catalog.analyzer,
        match,
        subjectTexts,
        target,
        contacts.get(target.orgId ?? '') ?? [],
      ),
    });
  }
  const main = TARGETS[kind][0];
  const anyStrong = results.some((r) => r.band === 'strong' && (query.kind ? true : r.kind === main));
  return {
    subject: { kind, id: doc._id.toHexString(), title: doc.title },
    results,
    hint: anyStrong ? null : HINTS[kind],
    dismissedCount,
    canGiveFeedback: can(actor, 'match.feedback', { orgId: doc.ownerOrgId }),
  };
}

function presentFeedback(row: {
  _id: Types.ObjectId;
  targetKind: string;
  targetId: Types.ObjectId;
  verdict: string;
  reason?: string | null;
  note?: string | null;
  intentId?: Types.ObjectId | null;
  createdAt: Date;
}): MatchFeedbackView {
  return {
    id: row._id.toHexString(),
    targetKind: row.targetKind as MatchTargetKind,
    targetId: row.targetId.toHexString(),
    verdict: row.verdict as MatchFeedbackView['verdict'],
    reason: (row.reason as MatchDismissReason | undefined) ?? null,
    note: row.note ?? null,
    intentId: row.intentId?.toHexString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

async function targetOrgId(
  actor: Actor,
  kind: MatchTargetKind,
  id: Types.ObjectId,
): Promise<Types.ObjectId | null> {
  switch (kind) {
    case 'achievement':
      return (
        (await AchievementModel.findOne({ _id: id, status: 'published' }, { ownerOrgId: 1 }).lean())
          ?.ownerOrgId ?? null
      );
    case 'demand': {
      // A staff-only demand is no result for a member who may not see it: the same 404.
      const doc = await demands.loadSelectable(actor, id.toHexString()).catch(() => null);
      return doc?.ownerOrgId ?? null;
    }
    case 'expert':
      return (await PersonModel.findById(id, { orgId: 1 }).lean())?.orgId ?? null;
    case 'organization':
      return (await OrganizationModel.findById(id, { _id: 1 }).lean())?._id ?? null;
  }
}

/**
 * 不合适 (with a reason) or 已对接 on one result. One answer per (subject, result): a repeat
 * replaces it, so a retried tap never counts twice. 已对接 records a lead in the intents pipeline:
 * in the name of the staff member who says so, or, when the demand's or achievement's own
 * organization says so, in the name of the coordinator who will follow it (leadOwnerFor), with a
 * note that it waits for their confirmation. leadPending only when no staff account exists.
 */
export async function giveFeedback(
  actor: Actor,
  kind: SubjectKind,
  id: string,
  body: MatchFeedbackBody,
  clock: Clock,
): Promise<MatchFeedbackView> {
  const subject = await loadSubject(actor, kind, id);
  if (!can(actor, 'match.feedback', { orgId: subject.ownerOrgId })) {
    throw forbidden('只有联盟工作人员或发布单位可以反馈匹配结果');
  }
  if (!TARGETS[kind].includes(body.targetKind)) {
    throw validation([{ path: 'body.targetKind', message: '这类结果不属于该匹配列表' }]);
  }
  const targetId = new Types.ObjectId(body.targetId);
  const orgId = await targetOrgId(actor, body.targetKind, targetId);
  if (!orgId) throw notFound('匹配结果');
  const connected = body.verdict === 'connected';
  const key = { subjectKind: kind, subjectId: subject._id, targetKind: body.targetKind, targetId };
  const row = await MatchFeedbackModel.findOneAndUpdate(
    key,
    {
      $set: {
        verdict: body.verdict,
        actorId: actor.id,
        subjectOrgId: subject.ownerOrgId,
        targetOrgId: orgId,
        ...(connected ? {} : { reason: body.reason }),
        ...(body.note ? { note: body.note } : {}),
      },
      $unset: { ...(connected ? { reason: 1 } : {}), ...(body.note ? {} : { note: 1 }) },
    },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  if (!row) throw notFound('匹配结果');
  await recordAudit({
    actorId: actor.id,
    action: `match.${body.verdict}`,
    entity: { type: kind, id: subject._id },
    after: { targetKind: body.targetKind, targetId: body.targetId, reason: body.reason ?? null },
  });
  if (connected && !row.intentId)
    return presentFeedback(await recordLead(actor, kind, subject, row, orgId, clock));
  return presentFeedback(row);
}

type FeedbackRow = NonNullable<Awaited<ReturnType<typeof MatchFeedbackModel.findOne>>> & {
  _id: Types.ObjectId;
};

async function recordLead(
  actor: Actor,
  kind: SubjectKind,
  subject: SubjectDoc,
  row: { _id: Types.ObjectId; targetKind: string; targetId: Types.ObjectId } & Record<string, unknown>,
  targetOrg: Types.ObjectId,
  clock: Clock,
) {
  // Only staff create intents: a member's 已对接 is recorded by the staff member who will follow it.
  const recorder = can(actor, 'intent.create') ? actor : await leadOwnerFor(subject.ownerOrgId, targetOrg);
  if (!recorder || targetOrg.equals(subject.ownerOrgId)) {
    return (await MatchFeedbackModel.findOneAndUpdate(
      { _id: row._id },
      { $set: { leadPending: true } },
      { returnDocument: 'after' },
    ).lean()) as FeedbackRow;
  }
  const byMember = recorder !== actor;
  const demandSide = kind === 'demand' ? subject.ownerOrgId : targetOrg;
  const supplySide = kind === 'demand' ? targetOrg : subject.ownerOrgId;
  const pair =
    row.targetKind === 'achievement' || row.targetKind === 'demand'
      ? {
          demandId: (kind === 'demand' ? subject._id : row.targetId).toHexString(),
          achievementId: (kind === 'demand' ? row.targetId : subject._id).toHexString(),
        }
      : null;
  const input = IntentCreateBody.parse({
    // One lead per pair, however often 已对接 is tapped or retried and from whichever side (the
    // key the intents feature's own "from a match" uses); one per feedback row for experts.
    clientId: pair ? `match-${pair.demandId}-${pair.achievementId}` : `match-${row._id.toHexString()}`,
    topic: subject.title.length >= 2 ? subject.title.slice(0, 60) : `对接：${subject.title}`,
    fields: subject.fields.slice(0, 5),
    parties: [
      { organizationId: demandSide.toHexString(), role: 'demand' },
      {
        organizationId: supplySide.toHexString(),
        role: 'supply',
        ...(row.targetKind === 'expert' ? { personIds: [row.targetId.toHexString()] } : {}),
      },
    ],
    from: pair ? { kind: 'match', ...pair } : { kind: 'manual' },
    ...(byMember
      ? { note: `${actor.displayName ?? '发布单位'}在匹配推荐中标记「已对接」，待工作人员确认后跟进` }
      : {}),
    links: {
      achievementIds: pair ? [pair.achievementId] : kind === 'achievement' ? [subject._id.toHexString()] : [],
      demandIds: pair ? [pair.demandId] : kind === 'demand' ? [subject._id.toHexString()] : [],
      eventIds: [],
      interactionIds: [],
    },
  });
  const { doc } = await createIntent(recorder, input, clock);
  return (await MatchFeedbackModel.findOneAndUpdate(
    { _id: row._id },
    { $set: { intentId: doc._id }, $unset: { leadPending: 1 } },
    { returnDocument: 'after' },
  ).lean()) as FeedbackRow;
}

/**
 * Who takes a lead a member reported: the coordinator already following either organization (the
 * owner of its most recent intent), else the alliance office (the longest-standing secretariat
 * account), who assigns it on. Null when the alliance has no active staff yet.
 */
async function leadOwnerFor(subjectOrg: Types.ObjectId, targetOrg: Types.ObjectId): Promise<Actor | null> {
  const recent = await IntentModel.find(
    { partyOrgIds: { $in: [subjectOrg, targetOrg] }, ownerId: { $ne: null } },
    { ownerId: 1 },
  )
    .sort({ _id: -1 })
    .limit(20)
    .lean();
  const candidates = [...new Set(recent.map((i) => String(i.ownerId)))].map((id) => new Types.ObjectId(id));
  const staff = await UserModel.find(
    { _id: { $in: candidates }, status: 'active', role: { $in: ['coordinator', 'secretariat'] } },
    { role: 1, status: 1, orgId: 1, personId: 1, displayName: 1 },
  ).lean();
  const byId = new Map(staff.map((u) => [u._id.toHexString(), u]));
  const user =
    candidates.map((id) => byId.get(id.toHexString())).find(Boolean) ??
    (await UserModel.findOne(
      { status: 'active', role: 'secretariat' },
      { role: 1, status: 1, orgId: 1, personId: 1, displayName: 1 },
    )
      .sort({ _id: 1 })
      .lean());
  if (!user) return null;
  return {
    id: user._id,
    role: user.role,
    status: user.status,
    orgId: user.orgId ?? null,
    personId: user.personId ?? null,
    // Not a session of theirs: the lead is recorded in their name as the one who follows it.
    sessionId: new Types.ObjectId(),
    displayName: user.displayName,
  };
}
