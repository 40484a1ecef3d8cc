import { Types } from 'mongoose';
import {
  AchievementCreateBody,
  DemandCreateBody,
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS_BY_TARGET,
  normalizeOrgName,
  type ImportField,
  type ImportMapping,
} from '@alliance-hub/types';
import { AchievementModel } from '../achievements/achievement.model';
import { AuditModel } from '../audit/audit.model';
import { DemandModel } from '../demands/demand.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { publicationSearchFields } from '../publications/publication-search';
import { labelKey, listIndustryFields } from '../taxonomy/taxonomy.service';
import { splitList } from './import.columns';
import type { CommitResult } from './import.commit';
import type { RecordRef, RowInput, RowResult } from './import.evaluate';
import { ImportRowModel } from './import.model';
import {
  parseBudget,
  parseCooperationModes,
  parseDeadline,
  parseIp,
  parseMaturity,
  parsePrice,
  parseTransferModes,
  parseVisibility,
  type Parsed,
} from './import.publication-cells';

/**
 * The dry run and the commit of an achievement or demand list. Each row names its owner by the
 * name or 简称 of an organization already in the directory (an unknown one is a row error: an
 * import never creates organizations on the side); the row is checked with the same schema as the
 * publish form; an owner's item with the same title, already stored or earlier in the file, is
 * `unchanged`, so importing the same file again creates nothing. Imported items are published:
 * the secretariat's import is their review.
 */

export type PublicationTarget = 'achievements' | 'demands';

export type Owner = {
  _id: Types.ObjectId;
  name: string;
  aliases: string[];
  kind: string;
  region?: { province?: string | null; city?: string | null } | null;
};

export type PublicationPlan = {
  row: number;
  importKey: string;
  owner: Owner;
  body: Record<string, unknown>;
  fieldLabels: string[];
};

export type PublicationEvaluation = {
  kind: 'publications';
  target: PublicationTarget;
  rows: RowResult[];
  plans: PublicationPlan[];
};

const NOUN: Record<PublicationTarget, string> = { achievements: '成果', demands: '需求' };
const clean = (text: string | undefined) => (text ?? '').replace(/[ \t\u3000]+/g, ' ').trim();
/** Owner + title: the identity that makes a re-import find its own earlier rows. */
const titleKey = (title: string) => normalizeOrgName(title);
const itemKey = (ownerId: Types.ObjectId, title: string) => `${ownerId.toHexString()}:${titleKey(title)}`;

const CHUNK = 50;
async function inChunks<T, R>(items: T[], load: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await load(items.slice(i, i + CHUNK))));
  return out;
}

/** Body keys → the column the secretariat sees, for the schema's messages. */
const KEY_LABELS: Record<string, string> = {
  title: IMPORT_FIELD_LABELS.title,
  summary: IMPORT_FIELD_LABELS.summary,
  detail: IMPORT_FIELD_LABELS.detail,
  description: IMPORT_FIELD_LABELS.description,
  fields: '技术领域',
  keywords: IMPORT_FIELD_LABELS.keywords,
  maturity: IMPORT_FIELD_LABELS.maturity,
  ip: IMPORT_FIELD_LABELS.ip,
  transferModes: IMPORT_FIELD_LABELS.transferModes,
  priceWan: IMPORT_FIELD_LABELS.price,
  priceNegotiable: IMPORT_FIELD_LABELS.price,
  budgetMinWan: IMPORT_FIELD_LABELS.budget,
  budgetMaxWan: IMPORT_FIELD_LABELS.budget,
  budgetNegotiable: IMPORT_FIELD_LABELS.budget,
  deadline: IMPORT_FIELD_LABELS.deadline,
  cooperationModes: IMPORT_FIELD_LABELS.cooperationModes,
  visibility: IMPORT_FIELD_LABELS.visibility,
};

type ParsedRow = {
  input: RowInput;
  title: string;
  ownerName: string;
  contactNames: string[];
  body: Record<string, unknown>;
  fieldLabels: string[];
  problems: string[];
  notes: string[];
};

function parseRow(
  input: RowInput,
  target: PublicationTarget,
  mapping: ImportMapping,
  fieldCodes: Map<string, { code: string; label: string }>,
): ParsedRow {
  const cell = (field: ImportField) => {
    const index = mapping[field];
    return index == null ? '' : clean(input.raw[index]);
  };
  // Long texts keep their line breaks (plain paragraphs); the schema collapses the rest.
  const text = (field: ImportField) => {
    const index = mapping[field];
    return index == null ? '' : (input.raw[index] ?? '').trim();
  };
  const problems = [...(input.cellProblems ?? [])];
  const notes: string[] = [];
  const parsed: ParsedRow = {
    input,
    title: cell('title'),
    ownerName: cell('orgName'),
    contactNames: splitList(cell('personName')),
    body: {},
    fieldLabels: [],
    problems,
    notes,
  };
  if (problems.length === 0 && IMPORT_FIELDS_BY_TARGET[target].every((f) => !cell(f))) {
    return { ...parsed, problems: ['空行：没有可导入的内容'] };
  }
  if (!parsed.ownerName) problems.push('缺少单位名称');

  const body: Record<string, unknown> = { title: parsed.title };
  const take = <T>(result: Parsed<T> | null, apply: (value: T) => void) => {
    if (!result) return;
    if ('problem' in result) problems.push(result.problem);
    else apply(result.value);
  };
  // Terms outside the taxonomy stay searchable as keywords instead of failing the row.
  const codes: string[] = [];
  const extraKeywords: string[] = [];
  for (const term of splitList(cell('industryFields'))) {
    const known = fieldCodes.get(labelKey(term));
    if (known && !codes.includes(known.code)) {
      codes.push(known.code);
      parsed.fieldLabels.push(known.label);
    } else if (!known) extraKeywords.push(term);
  }
  if (extraKeywords.length) notes.push(`技术领域「${extraKeywords.join('、')}」不在领域表中，已作为关键词`);
  body.fields = codes;
  const keywords = [...new Set([...splitList(cell('keywords')), ...extraKeywords])];
  if (keywords.length) body.keywords = keywords;

  if (target === 'achievements') {
    body.summary = text('summary');
    if (text('detail')) body.detail = text('detail');
    take(parseMaturity(cell('maturity')), (v) => (body.maturity = v));
    take(parseIp(text('ip')), (v) => (body.ip = v));
    take(parseTransferModes(cell('transferModes')), (v) => (body.transferModes = v));
    take(parsePrice(cell('price')), (v) => Object.assign(body, v));
  } else {
    body.description = text('description');
    take(parseBudget(cell('budget')), (v) => Object.assign(body, v));
    take(parseDeadline(cell('deadline')), (v) => (body.deadline = v));
    take(parseCooperationModes(cell('cooperationModes')), (v) => (body.cooperationModes = v));
    take(parseVisibility(cell('visibility')), (v) => (body.visibility = v));
  }
  if (problems.length === 0) {
    // The publish form's own schema: the same limits and messages as a member typing it in.
    const schema = target === 'achievements' ? AchievementCreateBody : DemandCreateBody;
    const result = schema.safeParse(body);
    if (result.success) parsed.body = result.data as Record<string, unknown>;
    else
      for (const issue of result.error.issues) {
        const label = KEY_LABELS[String(issue.path[0])] ?? '';
        const message = label ? `${label}：${issue.message}` : issue.message;
        if (!problems.includes(message)) problems.push(message);
      }
  }
  return parsed;
}

/** Organizations by normalized name and by 简称 (an alias two organizations share is ambiguous). */
export async function loadOwners(names: string[]): Promise<Map<string, Owner[]>> {
  const keys = [...new Set(names.map(normalizeOrgName).filter(Boolean))];
  const projection = { name: 1, nameKey: 1, aliases: 1, aliasKeys: 1, kind: 1, region: 1 };
  type Found = Owner & { nameKey: string; aliasKeys: string[] };
  const out = new Map<string, Found[]>();
  const [byName, byAlias] = await Promise.all([
    inChunks(keys, (chunk) =>
      OrganizationModel.find({ nameKey: { $in: chunk } }, projection).lean<Found[]>(),
    ),
    inChunks(keys, (chunk) =>
      OrganizationModel.find({ aliasKeys: { $in: chunk } }, projection).lean<Found[]>(),
    ),
  ]);
  for (const org of byName) out.set(org.nameKey, [org]);
  for (const org of byAlias)
    for (const alias of org.aliasKeys) {
      if (!keys.includes(alias) || out.get(alias)?.some((o) => o.nameKey === alias)) continue;
      const list = (out.get(alias) ?? []).filter((o) => !o._id.equals(org._id));
      out.set(alias, [...list, org]);
    }
  return out;
}

const modelOf = (target: PublicationTarget) =>
  (target === 'achievements' ? AchievementModel : DemandModel) as unknown as typeof AchievementModel;

const ownerRef = (owner: Owner): RecordRef => ({
  id: owner._id,
  name: owner.name,
  detail: [owner.region?.province, owner.region?.city].filter(Boolean).join('') || null,
});

export async function evaluatePublicationRows(
  target: PublicationTarget,
  mapping: ImportMapping,
  inputs: RowInput[],
): Promise<PublicationEvaluation> {
  const fields = await listIndustryFields();
  const fieldCodes = new Map(fields.map((f) => [labelKey(f.label), { code: f.code, label: f.label }]));
  const parsed = inputs.map((input) => parseRow(input, target, mapping, fieldCodes));
  const owners = await loadOwners(parsed.map((p) => p.ownerName).filter(Boolean));
  const ownerOf = (p: ParsedRow): Owner | null => {
    if (!p.ownerName) return null;
    const found = owners.get(normalizeOrgName(p.ownerName)) ?? [];
    if (found.length === 0) p.problems.push(`单位「${p.ownerName}」不在名录中，请先在名录中添加或导入该单位`);
    else if (found.length > 1)
      p.problems.push(
        `简称「${p.ownerName}」对应多个单位（${found.map((o) => o.name).join('、')}），请填写全称`,
      );
    return found.length === 1 ? found[0] : null;
  };
  const rowOwners = parsed.map(ownerOf);
  const ownerIds = [
    ...new Map(rowOwners.filter((o): o is Owner => !!o).map((o) => [String(o._id), o._id])).values(),
  ];

  const model = modelOf(target);
  const existing = new Map<string, RecordRef>();
  for (const doc of await inChunks(ownerIds, (chunk) =>
    model.find({ ownerOrgId: { $in: chunk } }, { title: 1, ownerOrgId: 1, status: 1 }).lean(),
  )) {
    existing.set(itemKey(doc.ownerOrgId, doc.title), { id: doc._id, name: doc.title, detail: null });
  }
  const contactNames = [...new Set(parsed.flatMap((p) => p.contactNames))];
  const people =
    contactNames.length === 0
      ? []
      : await inChunks(ownerIds, (chunk) =>
          PersonModel.find(
            { orgId: { $in: chunk }, name: { $in: contactNames } },
            { name: 1, orgId: 1 },
          ).lean(),
        );
  const personByOrgName = new Map(people.map((p) => [`${String(p.orgId)}:${p.name}`, p._id]));

  const firstRowOf = new Map<string, number>();
  const rows: RowResult[] = [];
  const plans: PublicationPlan[] = [];
  parsed.forEach((p, i) => {
    const owner = rowOwners[i];
    const base = {
      row: p.input.row,
      values: {
        organization: null,
        person: null,
        publication: p.title || p.ownerName ? { title: p.title, ownerName: p.ownerName } : null,
      },
      person: null,
      question: null,
      decision: null,
      undecided: false,
      groupKey: null,
      conflicts: [],
      organization: owner
        ? { action: 'unchanged' as const, match: ownerRef(owner), changes: [], sameAsRow: null }
        : null,
    };
    if (p.problems.length > 0 || !owner) {
      rows.push({ ...base, status: 'invalid', reasons: p.problems, publication: null });
      return;
    }
    const key = itemKey(owner._id, p.title);
    const stored = existing.get(key);
    const earlier = firstRowOf.get(key);
    const contacts = p.contactNames.flatMap((name) => {
      const id = personByOrgName.get(`${String(owner._id)}:${name}`);
      if (!id) p.notes.push(`联系人「${name}」不在该单位的名录中，未关联`);
      return id ? [id] : [];
    });
    if (stored || earlier !== undefined) {
      rows.push({
        ...base,
        status: 'unchanged',
        reasons: [
          stored ? `该单位已有同名${NOUN[target]}，不重复导入` : `与第 ${earlier} 行是同一${NOUN[target]}`,
        ],
        publication: { action: 'unchanged', match: stored ?? null, changes: [], sameAsRow: earlier ?? null },
      });
      return;
    }
    firstRowOf.set(key, p.input.row);
    plans.push({
      row: p.input.row,
      importKey: key,
      owner,
      body: { ...p.body, contactPersonIds: contacts.slice(0, 5) },
      fieldLabels: p.fieldLabels,
    });
    rows.push({
      ...base,
      status: 'new',
      reasons: p.notes,
      publication: { action: 'create', match: null, changes: [], sameAsRow: null },
    });
  });
  return { kind: 'publications', target, rows, plans };
}

const WRITE_CHUNK = 500;

/**
 * Inserts the planned items, published. Their unique `importKey` (owner + title) makes a repeat
 * of the same insert — a retried or racing commit — a duplicate-key error that is ignored.
 * Bulk inserts bypass the service, so the search keys are computed here as the service would.
 */
export async function writePublications(
  importId: Types.ObjectId,
  actorId: Types.ObjectId,
  evaluation: PublicationEvaluation,
  onProgress: (processed: number, total: number) => Promise<void>,
): Promise<CommitResult> {
  const { target, plans } = evaluation;
  const model = modelOf(target);
  const kind = target === 'achievements' ? 'achievement' : 'demand';
  const at = new Date();
  let created = 0;
  for (let i = 0; i < plans.length; i += WRITE_CHUNK) {
    const chunk = plans.slice(i, i + WRITE_CHUNK);
    const docs = chunk.map((plan) => {
      const body = Object.fromEntries(
        Object.entries(plan.body).filter(([, v]) => v !== null && v !== undefined),
      );
      const texts = target === 'achievements' ? [body.summary, body.detail] : [body.description];
      return {
        _id: new Types.ObjectId(),
        ...body,
        contactPersonIds: plan.body.contactPersonIds,
        ownerOrgId: plan.owner._id,
        ownerKind: plan.owner.kind,
        ...(plan.owner.region?.province ? { ownerProvince: plan.owner.region.province } : {}),
        status: 'published',
        createdBy: actorId,
        submittedAt: at,
        reviewedAt: at,
        reviewedBy: actorId,
        publishedAt: at,
        importKey: plan.importKey,
        ...publicationSearchFields({
          title: String(body.title),
          keywords: (body.keywords as string[] | undefined) ?? [],
          texts: texts as Array<string | undefined>,
          ownerName: plan.owner.name,
          ownerAliases: plan.owner.aliases ?? [],
          fieldLabels: plan.fieldLabels,
        }),
      };
    });
    let inserted = docs;
    try {
      await model.insertMany(docs, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (!writeErrors || writeErrors.some((e) => e.code !== 11000)) throw err;
      const failed = new Set(writeErrors.map((e) => e.index));
      inserted = docs.filter((_, j) => !failed.has(j));
    }
    created += inserted.length;
    const planOf = new Map(chunk.map((p, j) => [String(docs[j]._id), p]));
    if (inserted.length)
      await AuditModel.insertMany(
        inserted.map((doc) => ({
          at,
          actorId,
          action: `${kind}.create`,
          entity: { type: kind, id: doc._id },
          after: {
            source: 'import',
            importId,
            row: planOf.get(String(doc._id))?.row,
            title: planOf.get(String(doc._id))?.body.title,
            status: 'published',
          },
        })),
        { lean: true },
      );
    await onProgress(Math.min(i + WRITE_CHUNK, plans.length), plans.length);
  }
  await ImportRowModel.updateMany({ importId, status: { $ne: 'invalid' } }, { $set: { committed: true } });
  return {
    organizationsCreated: 0,
    organizationsUpdated: 0,
    peopleCreated: 0,
    peopleUpdated: 0,
    achievementsCreated: target === 'achievements' ? created : 0,
    demandsCreated: target === 'demands' ? created : 0,
    rowsSkipped: 0,
    rowsInvalid: evaluation.rows.filter((r) => r.status === 'invalid').length,
  };
}
