import { type Types } from 'mongoose';
import {
  IMPORT_ORG_FIELDS,
  IMPORT_PERSON_FIELDS,
  IMPORT_FIELD_LABELS,
  ORG_KIND_LABELS,
  normalizeMobile,
  normalizeOrgName,
  unsafeTextProblem,
  type AllianceRole,
  type ImportDecision,
  type ImportField,
  type ImportMapping,
  type ImportRowStatus,
  type ImportTarget,
  type OrgKind,
} from '@alliance-hub/types';
import { normalizeRegion, parseRegion } from '../directory/regions';
import { listIndustryFields } from '../taxonomy/taxonomy.service';
import {
  compareOrg,
  NO_CHOICES,
  resolveTerms,
  taxonomyOf,
  type Choices,
  type Conflict,
  type OrgChangeKey,
  type ResolvedTerms,
} from './import.conflicts';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import {
  ALLIANCE_ROLE_HINT,
  EMAIL_PATTERN,
  ORG_KIND_HINT,
  parseAllianceRole,
  parseOrgKind,
  splitList,
  WECHAT_ID_PATTERN,
} from './import.columns';

/**
 * The dry run: decides for every row what committing would do, against the database as it is
 * now. Commit runs the same evaluation again right before writing, so its plan is never stale,
 * and a retried commit finds its own earlier writes as exact matches ("unchanged").
 */

export type Part = 'organization' | 'person';
export type RowInput = {
  row: number;
  raw: string[];
  cellProblems?: string[] | null;
  decision?: Decision | null;
};
export type Decision = { part: Part; action: ImportDecision; targetId?: Types.ObjectId | null };

export type OrgValues = {
  name: string;
  aliases: string[];
  kind: OrgKind | null;
  province: string | null;
  city: string | null;
  allianceRole: AllianceRole | null;
  industryFields: string[];
  intro: string | null;
  capabilities: string | null;
  needs: string | null;
};
export type PersonValues = {
  name: string;
  title: string | null;
  mobile: string | null;
  email: string | null;
  wechatId: string | null;
  expertise: string[];
};

export type RecordRef = { id: Types.ObjectId; name: string; detail: string | null };
export type PartOutcome = {
  action: 'create' | 'update' | 'unchanged' | 'skip';
  match: RecordRef | null;
  changes: string[];
  sameAsRow: number | null;
};

export type RowResult = {
  row: number;
  status: ImportRowStatus;
  values: {
    organization: OrgValues | null;
    person: PersonValues | null;
    /** Achievement and demand imports (import.publications.ts). */
    publication?: { title: string; ownerName: string } | null;
  };
  reasons: string[];
  organization: PartOutcome | null;
  person: PartOutcome | null;
  /** Achievement and demand imports: the item this row creates or finds already stored. */
  publication?: PartOutcome | null;
  question: { part: Part; candidates: RecordRef[] } | null;
  decision: Decision | null;
  /** A suspected duplicate nobody has decided on yet: commit waits for it. */
  undecided: boolean;
  /** The normalized name of the row's organization in this file; an organization decision covers the group. */
  groupKey: string | null;
  /** Existing values the file would replace (on the row that defines the organization). */
  conflicts: Conflict[];
};

type ExistingOrg = {
  _id: Types.ObjectId;
  name: string;
  nameKey: string;
  aliases: string[];
  aliasKeys: string[];
  kind: OrgKind;
  region?: { province?: string | null; city?: string | null } | null;
  fields: string[];
  allianceRole?: AllianceRole | null;
  intro?: string | null;
  capabilities?: string | null;
  needs?: string | null;
  keywords?: string[] | null;
};
export type ExistingPerson = {
  _id: Types.ObjectId;
  name: string;
  title?: string | null;
  orgId?: Types.ObjectId | null;
  expertise: string[];
  contacts?: { mobile?: string | null; email?: string | null; wechatId?: string | null } | null;
};

/** What commit writes for one organization of the file (all rows naming it share one plan). */
export type OrgPlan = {
  key: string;
  action: 'create' | 'update' | 'unchanged' | 'skip';
  values: OrgValues;
  firstRow: number;
  existing: ExistingOrg | null;
  /** Aliases the existing record gains (merge adds the file's name as an alias). */
  addAliases: string[];
  /** The file's 行业领域 as field codes and keywords, after the secretariat's term choices. */
  terms: ResolvedTerms;
  changes: Partial<Record<OrgChangeKey, true>>;
  conflicts: Conflict[];
};
export type PersonPlan = {
  row: number;
  action: 'create' | 'update';
  values: PersonValues;
  existing: ExistingPerson | null;
  /** The organization the person belongs to: a plan key (org of this file) or none. */
  orgKey: string | null;
  orgId: Types.ObjectId | null;
  changes: Array<'title' | 'mobile' | 'email' | 'wechatId' | 'expertise' | 'orgId'>;
};

export type Evaluation = { rows: RowResult[]; orgPlans: Map<string, OrgPlan>; personPlans: PersonPlan[] };

const clean = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
const nameOnly = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');
const labelKey = (label: string) => label.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const sameLabels = (a: string[], b: string[]) =>
  a.length === b.length && [...a].map(labelKey).sort().join('|') === [...b].map(labelKey).sort().join('|');

const ORG_FIELDS: ImportField[] = [...IMPORT_ORG_FIELDS];
const PERSON_FIELDS: ImportField[] = [...IMPORT_PERSON_FIELDS];

type ParsedRow = {
  input: RowInput;
  org: OrgValues | null;
  person: PersonValues | null;
  problems: string[];
};

function parseRow(input: RowInput, target: ImportTarget, mapping: ImportMapping): ParsedRow {
  const cell = (field: ImportField) => {
    const index = mapping[field];
    return index == null ? '' : clean(input.raw[index]);
  };
  const problems = [...(input.cellProblems ?? [])];
  const wantsOrg = target !== 'people';
  const usedFields =
    target === 'organizations'
      ? ORG_FIELDS
      : target === 'people'
        ? PERSON_FIELDS.concat('orgName')
        : ORG_FIELDS.concat(PERSON_FIELDS);
  if (problems.length === 0 && usedFields.every((f) => !cell(f))) {
    return { input, org: null, person: null, problems: ['空行：没有可导入的内容'] };
  }
  // The rule every form applies through types' Text: no control or direction-override characters.
  for (const field of usedFields) {
    const unsafe = unsafeTextProblem(cell(field));
    if (unsafe) problems.push(`${IMPORT_FIELD_LABELS[field]}${unsafe}`);
  }

  let org: OrgValues | null = null;
  const orgName = cell('orgName');
  if (wantsOrg || orgName) {
    const region = cell('region') ? parseRegion(cell('region')) : { province: null, city: null };
    const kindText = cell('orgKind');
    const kind = kindText ? parseOrgKind(kindText) : null;
    if (kindText && !kind) problems.push(`单位类型「${kindText}」无法识别（可填：${ORG_KIND_HINT}）`);
    const roleText = cell('allianceRole');
    const allianceRole = roleText ? parseAllianceRole(roleText) : null;
    if (roleText && !allianceRole)
      problems.push(`联盟职务「${roleText}」无法识别（可填：${ALLIANCE_ROLE_HINT}）`);
    if (!orgName && wantsOrg) problems.push('缺少单位名称');
    else if (orgName.length < 2 || orgName.length > 80)
      problems.push(`单位名称「${orgName}」长度应为 2–80 个字`);
    const aliases = splitList(cell('orgAlias')).filter(
      (a) => normalizeOrgName(a) !== normalizeOrgName(orgName),
    );
    if (aliases.some((a) => a.length > 40)) problems.push('简称不能超过 40 个字');
    org = {
      name: orgName,
      aliases,
      kind,
      // One spelling for every region (辽宁 → 辽宁省), so a roster never rewrites 辽宁省 with 辽宁.
      ...normalizeRegion({
        province: cell('province') || region.province,
        city: cell('city') || region.city,
      }),
      allianceRole,
      industryFields: splitList(cell('industryFields')),
      intro: cell('intro') || null,
      capabilities: cell('capabilities') || null,
      needs: cell('needs') || null,
    };
  }

  let person: PersonValues | null = null;
  if (target !== 'organizations') {
    const name = cell('personName');
    const personCells = PERSON_FIELDS.filter((f) => cell(f));
    if (personCells.length > 0 || target === 'people') {
      if (!name) problems.push(target === 'people' ? '缺少姓名' : '填写了联系方式，但缺少联系人姓名');
      else if (name.length > 40) problems.push('姓名不能超过 40 个字');
      const mobileText = cell('mobile');
      const mobile = mobileText ? normalizeMobile(mobileText) : null;
      if (mobileText && !mobile) problems.push(`手机号码「${mobileText}」不是 11 位手机号`);
      const email = cell('email') || null;
      if (email && (!EMAIL_PATTERN.test(email) || email.length > 120))
        problems.push(`邮箱「${email}」格式不正确`);
      const wechatId = cell('wechatId') || null;
      if (wechatId && !WECHAT_ID_PATTERN.test(wechatId)) problems.push(`微信号「${wechatId}」格式不正确`);
      const title = cell('personTitle') || null;
      if (title && title.length > 60) problems.push('职务不能超过 60 个字');
      person = {
        name,
        title,
        mobile,
        email: email?.toLowerCase() ?? null,
        wechatId,
        expertise: splitList(cell('expertise')),
      };
    }
  }
  return { input, org, person, problems };
}

// ---- existing organizations, indexed in memory for exact and near matching ----

type OrgKey = { _id: Types.ObjectId; name: string; nameKey: string; aliasKeys: string[] };
const NEAR_MIN_LENGTH = 4;

class OrgIndex {
  private readonly byName = new Map<string, OrgKey>();
  private readonly byAlias = new Map<string, OrgKey[]>();
  private grams?: Map<string, OrgKey[]>;

  constructor(private readonly orgs: OrgKey[]) {
    for (const org of orgs) {
      this.byName.set(org.nameKey, org);
      for (const alias of org.aliasKeys) {
        const list = this.byAlias.get(alias) ?? [];
        list.push(org);
        this.byAlias.set(alias, list);
      }
    }
  }

  /** Exact: the normalized name equals a record's name, or one of its aliases (哈工大). */
  exact(key: string): OrgKey[] {
    const byName = this.byName.get(key);
    if (byName) return [byName];
    return this.byAlias.get(key) ?? [];
  }

  /** Near: one normalized name contains the other (哈尔滨工业大学 / 哈尔滨工业大学(威海)). */
  near(key: string): OrgKey[] {
    if (key.length < NEAR_MIN_LENGTH) return [];
    const found = new Map<string, OrgKey>();
    for (let i = 0; i < key.length; i++) {
      for (let j = i + NEAR_MIN_LENGTH; j <= key.length; j++) {
        if (j - i === key.length) continue;
        const org = this.byName.get(key.slice(i, j));
        if (org) found.set(org._id.toHexString(), org);
      }
    }
    this.grams ??= this.buildGrams();
    let shortest: OrgKey[] | undefined;
    for (let i = 0; i + 1 < key.length; i++) {
      const list = this.grams.get(key.slice(i, i + 2)) ?? [];
      if (!shortest || list.length < shortest.length) shortest = list;
    }
    for (const org of shortest ?? []) {
      if (org.nameKey !== key && org.nameKey.includes(key)) found.set(org._id.toHexString(), org);
    }
    // Closest first: the candidate whose name differs from this one by the fewest characters.
    return [...found.values()]
      .sort((a, b) => Math.abs(a.nameKey.length - key.length) - Math.abs(b.nameKey.length - key.length))
      .slice(0, 5);
  }

  private buildGrams() {
    const grams = new Map<string, OrgKey[]>();
    for (const org of this.orgs) {
      const seen = new Set<string>();
      for (let i = 0; i + 1 < org.nameKey.length; i++) seen.add(org.nameKey.slice(i, i + 2));
      for (const gram of seen) {
        const list = grams.get(gram) ?? [];
        list.push(org);
        grams.set(gram, list);
      }
    }
    return grams;
  }
}

// Small $in lists: the embedded server compares each matched document against the whole list,
// so cost grows with matches × list length (see README: embedded-server notes).
const CHUNK = 50;
async function inChunks<T, R>(items: T[], load: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await load(items.slice(i, i + CHUNK))));
  return out;
}

const ORG_PROJECTION = {
  name: 1,
  nameKey: 1,
  aliases: 1,
  aliasKeys: 1,
  kind: 1,
  region: 1,
  fields: 1,
  allianceRole: 1,
  intro: 1,
  capabilities: 1,
  needs: 1,
  keywords: 1,
};
const PERSON_PROJECTION = { name: 1, title: 1, orgId: 1, expertise: 1, contacts: 1 };

const orgDetail = (org: Pick<ExistingOrg, 'kind' | 'region'>) =>
  [ORG_KIND_LABELS[org.kind], [org.region?.province, org.region?.city].filter(Boolean).join('')]
    .filter(Boolean)
    .join(' · ') || null;

function personDetail(p: ExistingPerson, orgNames: Map<string, string>): string | null {
  const org = p.orgId ? orgNames.get(p.orgId.toHexString()) : undefined;
  return [org, p.title, p.contacts?.mobile].filter(Boolean).join(' · ') || null;
}

const ORG_CHANGE_LABELS: Record<keyof OrgPlan['changes'] | 'aliases', string> = {
  kind: IMPORT_FIELD_LABELS.orgKind,
  province: IMPORT_FIELD_LABELS.province,
  city: IMPORT_FIELD_LABELS.city,
  allianceRole: IMPORT_FIELD_LABELS.allianceRole,
  industryFields: IMPORT_FIELD_LABELS.industryFields,
  intro: IMPORT_FIELD_LABELS.intro,
  capabilities: IMPORT_FIELD_LABELS.capabilities,
  needs: IMPORT_FIELD_LABELS.needs,
  keywords: '关键词',
  aliases: IMPORT_FIELD_LABELS.orgAlias,
};
const PERSON_CHANGE_LABELS: Record<PersonPlan['changes'][number], string> = {
  title: IMPORT_FIELD_LABELS.personTitle,
  mobile: IMPORT_FIELD_LABELS.mobile,
  email: IMPORT_FIELD_LABELS.email,
  wechatId: IMPORT_FIELD_LABELS.wechatId,
  expertise: IMPORT_FIELD_LABELS.expertise,
  orgId: '所在单位',
};

function personChanges(
  values: PersonValues,
  existing: ExistingPerson,
  orgId: Types.ObjectId | null,
  orgIsNew: boolean,
) {
  const changes: PersonPlan['changes'] = [];
  const c = existing.contacts ?? {};
  if (values.title && values.title !== (existing.title ?? null)) changes.push('title');
  if (values.mobile && values.mobile !== (c.mobile ?? null)) changes.push('mobile');
  if (values.email && values.email !== (c.email ?? null)) changes.push('email');
  if (values.wechatId && values.wechatId !== (c.wechatId ?? null)) changes.push('wechatId');
  if (values.expertise.length > 0 && !sameLabels(values.expertise, existing.expertise))
    changes.push('expertise');
  if (orgIsNew || (orgId && !orgId.equals(existing.orgId ?? undefined))) changes.push('orgId');
  return changes;
}

/** Evaluates every row. `rows` must be in row order: the first row naming a record wins. */
export async function evaluateRows(
  target: ImportTarget,
  mapping: ImportMapping,
  inputs: RowInput[],
  choices: Choices = NO_CHOICES,
): Promise<Evaluation> {
  const parsed = inputs.map((input) => parseRow(input, target, mapping));
  const valid = parsed.filter((p) => p.problems.length === 0);

  // Organizations of this file, grouped by normalized name; a row written with another row's 简称 joins it.
  const orgKeys = await OrganizationModel.find({}, { name: 1, nameKey: 1, aliasKeys: 1 }).lean<OrgKey[]>();
  const index = new OrgIndex(orgKeys);
  const aliasOwner = new Map<string, string | null>();
  for (const p of valid) {
    if (!p.org?.name) continue;
    const key = normalizeOrgName(p.org.name);
    for (const alias of p.org.aliases.map(normalizeOrgName)) {
      const owner = aliasOwner.get(alias);
      aliasOwner.set(alias, owner === undefined || owner === key ? key : null);
    }
  }
  const groupKey = (name: string) => {
    const key = normalizeOrgName(name);
    const exact = index.exact(key);
    // 哈工大 is the directory's alias of 哈尔滨工业大学: one organization, one plan, one conflict.
    if (exact.length === 1) return exact[0].nameKey;
    const owner = aliasOwner.get(key);
    return owner && exact.length === 0 ? owner : key;
  };

  const drafts = new Map<string, { values: OrgValues; firstRow: number; rows: ParsedRow[] }>();
  for (const p of valid) {
    if (!p.org?.name) continue;
    const key = groupKey(p.org.name);
    const group = drafts.get(key);
    if (!group) drafts.set(key, { values: p.org, firstRow: p.input.row, rows: [p] });
    else {
      group.rows.push(p);
      // The row that spells the organization by its own name defines it, not a row using its 简称.
      if (normalizeOrgName(group.values.name) !== key && normalizeOrgName(p.org.name) === key) {
        group.values = p.org;
        group.firstRow = p.input.row;
      }
    }
  }

  const orgDecision = new Map<string, Decision>();
  for (const p of valid) {
    if (p.input.decision?.part === 'organization' && p.org?.name)
      orgDecision.set(groupKey(p.org.name), p.input.decision);
  }

  // Resolve every organization group against the database.
  type Resolution = { exact: OrgKey | null; candidates: OrgKey[]; reason: string | null };
  const resolutions = new Map<string, Resolution>();
  for (const [key, draft] of drafts) {
    const exact = index.exact(key);
    if (exact.length === 1) {
      resolutions.set(key, { exact: exact[0], candidates: [], reason: null });
      continue;
    }
    if (exact.length > 1) {
      resolutions.set(key, {
        exact: null,
        candidates: exact,
        reason: `「${draft.values.name}」是多个已有单位的简称`,
      });
      continue;
    }
    const byAlias = draft.values.aliases.flatMap((a) => index.exact(normalizeOrgName(a)));
    if (byAlias.length > 0) {
      const alias = draft.values.aliases.find((a) => index.exact(normalizeOrgName(a)).length > 0);
      resolutions.set(key, {
        exact: null,
        candidates: byAlias,
        reason: `简称「${alias}」与已有单位「${byAlias[0].name}」相同`,
      });
      continue;
    }
    const near = index.near(key);
    resolutions.set(
      key,
      near.length > 0
        ? { exact: null, candidates: near, reason: `单位名称与已有单位「${near[0].name}」相近` }
        : { exact: null, candidates: [], reason: null },
    );
  }

  const referenced = new Set<string>();
  for (const r of resolutions.values()) {
    if (r.exact) referenced.add(r.exact._id.toHexString());
    for (const c of r.candidates) referenced.add(c._id.toHexString());
  }
  const existingOrgs = new Map(
    (
      await inChunks([...referenced], (ids) =>
        OrganizationModel.find({ _id: { $in: ids } }, ORG_PROJECTION).lean<ExistingOrg[]>(),
      )
    ).map((o) => [o._id.toHexString(), o]),
  );
  const taxonomy = drafts.size > 0 ? taxonomyOf(await listIndustryFields()) : taxonomyOf([]);

  const orgPlans = new Map<string, OrgPlan>();
  const orgQuestions = new Map<string, { candidates: RecordRef[]; reason: string }>();
  for (const [key, draft] of drafts) {
    const r = resolutions.get(key)!;
    const decision = orgDecision.get(key);
    const terms = resolveTerms(draft.values.industryFields, taxonomy, choices);
    const base = { key, values: draft.values, firstRow: draft.firstRow, terms, conflicts: [] };
    let existing: ExistingOrg | null = r.exact ? (existingOrgs.get(r.exact._id.toHexString()) ?? null) : null;
    const addAliases: string[] = [];
    if (!existing && r.candidates.length > 0) {
      const candidates = r.candidates.map((c) => {
        const full = existingOrgs.get(c._id.toHexString());
        return { id: c._id, name: c.name, detail: full ? orgDetail(full) : null };
      });
      orgQuestions.set(key, { candidates, reason: r.reason ?? '疑似重复' });
      if (!decision) continue;
      if (decision.action === 'skip') {
        orgPlans.set(key, { ...base, action: 'skip', existing: null, addAliases, changes: {} });
        continue;
      }
      if (decision.action === 'merge') {
        const target = r.candidates.find((c) => decision.targetId?.equals(c._id)) ?? r.candidates[0];
        existing = existingOrgs.get(target._id.toHexString()) ?? null;
        // Remember the file's spelling, so the next import of this file matches exactly.
        if (existing) addAliases.push(draft.values.name);
      }
    }
    if (!existing) {
      orgPlans.set(key, { ...base, action: 'create', existing: null, addAliases, changes: {} });
      continue;
    }
    const known = new Set([existing.nameKey, ...existing.aliasKeys]);
    for (const alias of draft.values.aliases) {
      const k = normalizeOrgName(alias);
      if (!known.has(k)) {
        known.add(k);
        addAliases.push(alias);
      }
    }
    const { changes, conflicts } = compareOrg(draft.values, terms, existing, draft.firstRow, choices);
    const changed = addAliases.length > 0 || Object.keys(changes).length > 0;
    orgPlans.set(key, {
      ...base,
      action: changed ? 'update' : 'unchanged',
      existing,
      addAliases,
      changes,
      conflicts,
    });
  }

  // People: by mobile anywhere, else by name within the same organization.
  const personRows = valid.filter((p) => p.person?.name);
  const mobiles = [...new Set(personRows.map((p) => p.person!.mobile).filter((m): m is string => !!m))];
  const people = new Map<string, ExistingPerson>();
  for (const person of await inChunks(mobiles, (chunk) =>
    PersonModel.find({ 'contacts.mobile': { $in: chunk } }, PERSON_PROJECTION).lean<ExistingPerson[]>(),
  )) {
    people.set(person._id.toHexString(), person);
  }
  const knownMobiles = new Set([...people.values()].map((p) => p.contacts?.mobile));
  // Name-within-organization matching is only needed for people the mobile did not find.
  const orgIdsOfPeople = new Set<string>();
  for (const p of personRows) {
    if (p.person!.mobile && knownMobiles.has(p.person!.mobile)) continue;
    if (!p.org?.name) continue;
    const existing =
      target === 'people'
        ? index.exact(normalizeOrgName(p.org.name))
        : [orgPlans.get(groupKey(p.org.name))?.existing].filter((o) => !!o);
    if (existing.length === 1) orgIdsOfPeople.add(existing[0]!._id.toHexString());
  }
  for (const person of await inChunks([...orgIdsOfPeople], (chunk) =>
    PersonModel.find({ orgId: { $in: chunk } }, PERSON_PROJECTION).lean<ExistingPerson[]>(),
  )) {
    people.set(person._id.toHexString(), person);
  }
  const byMobile = new Map<string, ExistingPerson[]>();
  const byOrgName = new Map<string, ExistingPerson[]>();
  for (const person of people.values()) {
    const m = person.contacts?.mobile;
    if (m) byMobile.set(m, [...(byMobile.get(m) ?? []), person]);
    if (person.orgId) {
      const k = `${person.orgId.toHexString()}|${nameOnly(person.name)}`;
      byOrgName.set(k, [...(byOrgName.get(k) ?? []), person]);
    }
  }
  const orgNames = new Map<string, string>(orgKeys.map((o) => [o._id.toHexString(), o.name]));

  const seenMobile = new Map<string, number>();
  const seenOrgName = new Map<string, { row: number; mobile: string | null }>();
  const personPlans: PersonPlan[] = [];
  const results: RowResult[] = [];

  for (const p of parsed) {
    const row = p.input.row;
    const result: RowResult = {
      row,
      status: 'unchanged',
      values: { organization: p.org, person: p.person },
      reasons: [...p.problems],
      organization: null,
      person: null,
      question: null,
      decision: p.input.decision ?? null,
      undecided: false,
      groupKey: null,
      conflicts: [],
    };
    results.push(result);
    if (p.problems.length > 0) {
      result.status = 'invalid';
      continue;
    }

    // The organization part.
    let orgKey: string | null = null;
    let orgId: Types.ObjectId | null = null;
    let orgIsNew = false;
    let orgSkipped = false;
    if (p.org?.name && target !== 'people') {
      orgKey = groupKey(p.org.name);
      result.groupKey = orgKey;
      const plan = orgPlans.get(orgKey);
      const question = orgQuestions.get(orgKey);
      if (question) {
        result.question = { part: 'organization', candidates: question.candidates };
        result.reasons.push(question.reason);
        result.decision = orgDecision.get(orgKey) ?? null;
      }
      if (!plan) {
        result.status = 'duplicate';
        result.undecided = true;
        continue;
      }
      const first = plan.firstRow === row;
      const match = plan.existing
        ? { id: plan.existing._id, name: plan.existing.name, detail: orgDetail(plan.existing) }
        : null;
      const changes = [
        ...(plan.addAliases.length ? ['aliases' as const] : []),
        ...(Object.keys(plan.changes) as (keyof OrgPlan['changes'])[]),
      ].map((c) => ORG_CHANGE_LABELS[c]);
      result.organization = {
        action: plan.action === 'skip' ? 'skip' : first ? plan.action : 'unchanged',
        match,
        changes: first ? changes : [],
        sameAsRow: first ? null : plan.firstRow,
      };
      if (first) result.conflicts = plan.conflicts;
      orgSkipped = plan.action === 'skip';
      orgIsNew = plan.action === 'create';
      orgId = plan.existing?._id ?? null;
      if (!plan.existing && !first && plan.action === 'create')
        result.reasons.push(`单位与第 ${plan.firstRow} 行相同`);
    } else if (p.org?.name && target === 'people') {
      const exact = index.exact(normalizeOrgName(p.org.name));
      if (exact.length !== 1) {
        const near = index.near(normalizeOrgName(p.org.name));
        result.status = 'invalid';
        result.reasons.push(
          exact.length > 1
            ? `「${p.org.name}」是多个已有单位的简称，请写单位全称`
            : `单位「${p.org.name}」不在名录中${near.length ? `（是否指「${near[0].name}」？）` : ''}，请先导入单位，或选择“单位及联系人”导入`,
        );
        continue;
      }
      orgId = exact[0]._id;
    }

    // The person part.
    const person = p.person;
    if (person?.name && target !== 'organizations') {
      if (orgSkipped) {
        result.person = { action: 'skip', match: null, changes: [], sameAsRow: null };
      } else {
        const orgRef = orgKey ?? orgId?.toHexString() ?? '';
        const sameMobileRow = person.mobile ? seenMobile.get(person.mobile) : undefined;
        const sameNameRow = seenOrgName.get(`${orgRef}|${nameOnly(person.name)}`);
        const earlier =
          sameMobileRow ??
          (sameNameRow && (!sameNameRow.mobile || !person.mobile || sameNameRow.mobile === person.mobile)
            ? sameNameRow.row
            : undefined);
        if (earlier !== undefined) {
          result.person = { action: 'unchanged', match: null, changes: [], sameAsRow: earlier };
          result.reasons.push(`与第 ${earlier} 行是同一人，不重复导入`);
        } else {
          if (person.mobile) seenMobile.set(person.mobile, row);
          seenOrgName.set(`${orgRef}|${nameOnly(person.name)}`, { row, mobile: person.mobile });
          const outcome = resolvePerson(
            person,
            orgId,
            orgIsNew,
            p.input.decision,
            byMobile,
            byOrgName,
            orgNames,
          );
          if (outcome.question) {
            result.question ??= { part: 'person', candidates: outcome.question.candidates };
            result.reasons.push(outcome.question.reason);
          }
          if (outcome.undecided) {
            result.status = 'duplicate';
            result.undecided = true;
            continue;
          }
          result.person = outcome.part;
          if (outcome.plan)
            personPlans.push({ ...outcome.plan, row, orgKey: orgIsNew ? orgKey : null, orgId });
        }
      }
    }

    const actions = [result.organization?.action, result.person?.action];
    result.status = result.question
      ? 'duplicate'
      : actions.includes('create')
        ? 'new'
        : actions.includes('update')
          ? 'update'
          : 'unchanged';
  }
  return { rows: results, orgPlans, personPlans };
}

function resolvePerson(
  person: PersonValues,
  orgId: Types.ObjectId | null,
  orgIsNew: boolean,
  decision: RowInput['decision'],
  byMobile: Map<string, ExistingPerson[]>,
  byOrgName: Map<string, ExistingPerson[]>,
  orgNames: Map<string, string>,
): {
  part: PartOutcome | null;
  plan: Omit<PersonPlan, 'row' | 'orgKey' | 'orgId'> | null;
  question?: { candidates: RecordRef[]; reason: string };
  undecided?: boolean;
} {
  const ref = (p: ExistingPerson) => ({ id: p._id, name: p.name, detail: personDetail(p, orgNames) });
  let match: ExistingPerson | undefined;
  let question: { candidates: ExistingPerson[]; reason: string } | undefined;
  const sameMobile = person.mobile ? (byMobile.get(person.mobile) ?? []) : [];
  if (sameMobile.length > 0) {
    match = sameMobile.find((p) => nameOnly(p.name) === nameOnly(person.name));
    if (!match)
      question = {
        candidates: sameMobile,
        reason: `手机号与已有人员「${sameMobile[0].name}」相同，但姓名不同`,
      };
  } else if (orgId) {
    const sameName = byOrgName.get(`${orgId.toHexString()}|${nameOnly(person.name)}`) ?? [];
    match = sameName.find((p) => !person.mobile || !p.contacts?.mobile);
    if (!match && sameName.length > 0) {
      question = {
        candidates: sameName,
        reason: `同一单位已有同名人员「${sameName[0].name}」，但手机号不同`,
      };
    }
  }
  const toCreate = () => ({
    part: { action: 'create' as const, match: null, changes: [], sameAsRow: null },
    plan: { action: 'create' as const, values: person, existing: null, changes: [] },
  });
  const toUpdate = (existing: ExistingPerson) => {
    const changes = personChanges(person, existing, orgId, orgIsNew);
    return {
      part: {
        action: changes.length ? ('update' as const) : ('unchanged' as const),
        match: ref(existing),
        changes: changes.map((c) => PERSON_CHANGE_LABELS[c]),
        sameAsRow: null,
      },
      plan: changes.length ? { action: 'update' as const, values: person, existing, changes } : null,
    };
  };
  if (match) return toUpdate(match);
  if (!question) return toCreate();
  const asked = { candidates: question.candidates.map(ref), reason: question.reason };
  const action = decision?.part === 'person' ? decision.action : undefined;
  if (!action) return { part: null, plan: null, question: asked, undecided: true };
  if (action === 'skip')
    return {
      part: { action: 'skip', match: null, changes: [], sameAsRow: null },
      plan: null,
      question: asked,
    };
  if (action === 'merge') {
    const target =
      question.candidates.find((c) => decision?.targetId?.equals(c._id)) ?? question.candidates[0];
    return { ...toUpdate(target), question: asked };
  }
  return { ...toCreate(), question: asked };
}
