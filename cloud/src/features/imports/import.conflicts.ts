import {
  ALLIANCE_ROLE_LABELS,
  IMPORT_FIELD_LABELS,
  ORG_KIND_LABELS,
  type AllianceRole,
  type ImportConflictChoice,
  type ImportConflictField,
  type ImportTermAction,
  type OrgKind,
} from '@alliance-hub/types';
import { customFieldCode, labelKey, type IndustryField } from '../taxonomy/taxonomy.service';

/**
 * What an import may change on its own, and what only the secretariat may choose: the rule that
 * an import never damages good data. Filling an empty value, raising the alliance role, adding
 * industry fields, keywords and aliases are safe and applied. Replacing a value the directory
 * has — a lower role, another or less specific region, another kind, other text — is a conflict:
 * the existing value stays unless the secretariat takes the file's value in the dry run.
 */

/** Higher is more: an import may raise a role, never lower it unchosen. */
const ROLE_RANK: Record<AllianceRole, number> = {
  chair: 4,
  vice_chair: 3,
  director: 2,
  member: 1,
  non_member: 0,
};

export type Conflict = {
  field: ImportConflictField;
  label: string;
  existing: string;
  incoming: string;
  reason: string;
  choice: ImportConflictChoice;
};

/** The secretariat's answers, as the dry run and the commit read them. */
export type Choices = {
  /** `${row}|${field}` → keep or take; absent = keep. */
  conflicts: Map<string, ImportConflictChoice>;
  /** labelKey(term) → what the unknown term becomes; absent = keyword. */
  terms: Map<string, { action: ImportTermAction; fieldCode: string | null }>;
};

export const NO_CHOICES: Choices = { conflicts: new Map(), terms: new Map() };

export const conflictKey = (row: number, field: ImportConflictField) => `${row}|${field}`;

export function choicesOf(job: {
  conflictChoices?: Array<{ row: number; field: ImportConflictField; choice: ImportConflictChoice }> | null;
  termChoices?: Array<{ key: string; action: ImportTermAction; fieldCode?: string | null }> | null;
}): Choices {
  return {
    conflicts: new Map((job.conflictChoices ?? []).map((c) => [conflictKey(c.row, c.field), c.choice])),
    terms: new Map(
      (job.termChoices ?? []).map((t) => [t.key, { action: t.action, fieldCode: t.fieldCode ?? null }]),
    ),
  };
}

// ---- industry-field terms ----

export type Taxonomy = { byKey: Map<string, string>; codes: Set<string> };

export function taxonomyOf(fields: IndustryField[]): Taxonomy {
  return {
    byKey: new Map(fields.map((f) => [labelKey(f.label), f.code])),
    codes: new Set(fields.map((f) => f.code)),
  };
}

export const isKnownTerm = (taxonomy: Taxonomy, term: string) => taxonomy.byKey.has(labelKey(term));

export type ResolvedTerms = {
  codes: string[];
  keywords: string[];
  /** Fields the secretariat chose to add to the taxonomy; created only when the import commits. */
  newFields: Array<{ code: string; label: string }>;
};

/**
 * The file's 行业领域 terms: known labels are fields; an unknown term is a keyword unless the
 * secretariat chose to add it as a field or map it onto an existing one. Nothing here creates a
 * taxonomy entry.
 */
export function resolveTerms(labels: string[], taxonomy: Taxonomy, choices: Choices): ResolvedTerms {
  const out: ResolvedTerms = { codes: [], keywords: [], newFields: [] };
  const addCode = (code: string) => {
    if (!out.codes.includes(code)) out.codes.push(code);
  };
  for (const label of labels) {
    const key = labelKey(label);
    const known = taxonomy.byKey.get(key);
    if (known) {
      addCode(known);
      continue;
    }
    const choice = choices.terms.get(key);
    if (choice?.action === 'field') {
      const code = customFieldCode(label);
      addCode(code);
      if (!out.newFields.some((f) => f.code === code)) out.newFields.push({ code, label });
    } else if (choice?.action === 'map' && choice.fieldCode && taxonomy.codes.has(choice.fieldCode)) {
      addCode(choice.fieldCode);
    } else if (!out.keywords.some((k) => labelKey(k) === key)) {
      out.keywords.push(label);
    }
  }
  return out;
}

// ---- organization fields ----

export type OrgIncoming = {
  kind: OrgKind | null;
  province: string | null;
  city: string | null;
  allianceRole: AllianceRole | null;
  intro: string | null;
  capabilities: string | null;
  needs: string | null;
};
export type OrgCurrent = {
  kind: OrgKind;
  region?: { province?: string | null; city?: string | null } | null;
  allianceRole?: AllianceRole | null;
  intro?: string | null;
  capabilities?: string | null;
  needs?: string | null;
  fields: string[];
  keywords?: string[] | null;
};

export type OrgChangeKey = ImportConflictField | 'industryFields' | 'keywords';

const shortText = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** "辽宁" is less specific than "辽宁省沈阳市"; "黑龙江省" merely differs from "辽宁省". */
const regionReason = (existing: string, incoming: string) =>
  existing.startsWith(incoming) || incoming.length < existing.length
    ? '文件中的地区不如名录中的具体'
    : '文件中的地区与名录中的不同';

/**
 * Compares the file's values with the record: `changes` are the fields the commit writes (safe
 * improvements, and conflicts the secretariat chose to take), `conflicts` every replacement of
 * an existing value with the answer so far (`row` is the row that defines the organization).
 */
export function compareOrg(
  incoming: OrgIncoming,
  terms: ResolvedTerms,
  current: OrgCurrent,
  row: number,
  choices: Choices,
): { changes: Partial<Record<OrgChangeKey, true>>; conflicts: Conflict[] } {
  const changes: Partial<Record<OrgChangeKey, true>> = {};
  const conflicts: Conflict[] = [];
  const conflict = (field: ImportConflictField, existing: string, value: string, reason: string) => {
    const choice = choices.conflicts.get(conflictKey(row, field)) ?? 'keep';
    conflicts.push({
      field,
      label: IMPORT_FIELD_LABELS[field === 'kind' ? 'orgKind' : field],
      existing: shortText(existing),
      incoming: shortText(value),
      reason,
      choice,
    });
    if (choice === 'take') changes[field] = true;
  };

  if (incoming.kind && incoming.kind !== current.kind) {
    // "其他" is what an import or a quick entry guessed; a specific kind is not.
    if (current.kind === 'other') changes.kind = true;
    else
      conflict(
        'kind',
        ORG_KIND_LABELS[current.kind],
        ORG_KIND_LABELS[incoming.kind],
        '文件中的单位类型与名录中的不同',
      );
  }
  for (const field of ['province', 'city'] as const) {
    const value = incoming[field];
    const existing = current.region?.[field] ?? null;
    if (!value || value === existing) continue;
    if (!existing) changes[field] = true;
    else conflict(field, existing, value, regionReason(existing, value));
  }
  const role = incoming.allianceRole;
  const currentRole = current.allianceRole ?? 'non_member';
  if (role && role !== currentRole) {
    if (ROLE_RANK[role] > ROLE_RANK[currentRole]) changes.allianceRole = true;
    else
      conflict(
        'allianceRole',
        ALLIANCE_ROLE_LABELS[currentRole],
        ALLIANCE_ROLE_LABELS[role],
        '文件中的联盟职务低于名录中的',
      );
  }
  for (const field of ['intro', 'capabilities', 'needs'] as const) {
    const value = incoming[field];
    const existing = current[field] ?? null;
    if (!value || value === existing) continue;
    if (!existing) changes[field] = true;
    else conflict(field, existing, value, '文件中的内容与名录中的不同');
  }
  // Fields and keywords are only ever added: the file not naming one is no reason to drop it.
  if (terms.codes.some((code) => !current.fields.includes(code))) changes.industryFields = true;
  const keywordKeys = new Set((current.keywords ?? []).map(labelKey));
  if (terms.keywords.some((k) => !keywordKeys.has(labelKey(k)))) changes.keywords = true;
  return { changes, conflicts };
}

/** Union of two label lists, by labelKey, keeping the first spelling. */
export function mergeLabels(current: string[], added: string[]): string[] {
  const out = [...current];
  const keys = new Set(current.map(labelKey));
  for (const label of added) {
    if (!keys.has(labelKey(label))) {
      keys.add(labelKey(label));
      out.push(label);
    }
  }
  return out;
}
