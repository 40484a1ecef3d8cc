import type { Types } from 'mongoose';
import type { ImportJobView, ImportMapping, ImportRowView } from '@alliance-hub/types';
import { columnLetter } from './import.columns';
import type { ImportJob, ImportRow } from './import.model';

const EMPTY_COUNTS = {
  new: 0,
  update: 0,
  unchanged: 0,
  duplicate: 0,
  invalid: 0,
  undecided: 0,
  conflicts: 0,
};

export function presentImport(job: ImportJob): ImportJobView {
  const mapping = (job.mapping ?? {}) as ImportMapping;
  const file = job.file ?? { name: '', type: 'csv' as const, size: 0 };
  const fieldAt = new Map(
    Object.entries(mapping)
      .filter(([, i]) => i != null)
      .map(([f, i]) => [i as number, f]),
  );
  return {
    id: job._id.toHexString(),
    status: job.status,
    target: job.target,
    file: {
      name: file.name,
      type: file.type,
      encoding: file.encoding ?? null,
      sheetName: file.sheetName ?? null,
      size: file.size,
    },
    headerRow: job.headerRow,
    columns: job.headers.map((header, index) => ({
      index,
      letter: columnLetter(index),
      header,
      field: (fieldAt.get(index) as ImportJobView['columns'][number]['field']) ?? null,
    })),
    mapping,
    headerProblems: job.headerProblems.map((p) => ({
      column: p.column ?? '',
      header: p.header ?? '',
      code: p.code ?? '',
      message: p.message ?? '',
    })),
    progress: {
      phase: job.progress?.phase ?? 'analysing',
      processed: job.progress?.processed ?? 0,
      total: job.progress?.total ?? job.totalRows,
    },
    counts: { ...EMPTY_COUNTS, ...(job.counts as object) },
    result: (job.result as ImportJobView['result']) ?? null,
    error: job.error?.code ? { code: job.error.code, message: job.error.message ?? '' } : null,
    createdAt: job.createdAt.toISOString(),
    committedAt: job.committedAt?.toISOString() ?? null,
  };
}

type StoredPart = NonNullable<ImportRow['organization']>;
type StoredRef = { id?: Types.ObjectId | null; name?: string | null; detail?: string | null };

const presentRef = (ref: StoredRef) => ({
  id: ref.id?.toHexString() ?? '',
  name: ref.name ?? '',
  detail: ref.detail ?? null,
});

function presentPart(part: StoredPart | null | undefined): ImportRowView['organization'] {
  if (!part?.action) return null;
  return {
    action: part.action,
    match: part.matchId
      ? { id: part.matchId.toHexString(), name: part.matchName ?? '', detail: part.matchDetail ?? null }
      : null,
    changes: part.changes ?? [],
    sameAsRow: part.sameAsRow ?? null,
  };
}

export function presentImportRow(row: ImportRow): ImportRowView {
  const values = (row.values ?? {}) as ImportRowView['values'];
  return {
    row: row.row,
    status: row.status ?? 'invalid',
    raw: row.raw,
    values: {
      organization: values.organization
        ? {
            name: values.organization.name,
            aliases: values.organization.aliases,
            kind: values.organization.kind,
            province: values.organization.province,
            city: values.organization.city,
            allianceRole: values.organization.allianceRole,
            industryFields: values.organization.industryFields,
          }
        : null,
      person: values.person
        ? {
            name: values.person.name,
            title: values.person.title,
            mobile: values.person.mobile,
            email: values.person.email,
            wechatId: values.person.wechatId,
          }
        : null,
      publication: values.publication
        ? { title: values.publication.title, ownerName: values.publication.ownerName }
        : null,
    },
    reasons: row.reasons,
    organization: presentPart(row.organization),
    person: presentPart(row.person),
    publication: presentPart(row.publication),
    conflicts: (row.conflicts ?? []).map((c) => ({
      field: c.field!,
      label: c.label ?? '',
      existing: c.existing ?? '',
      incoming: c.incoming ?? '',
      reason: c.reason ?? '',
      choice: c.choice ?? 'keep',
    })),
    question: row.question?.part
      ? { part: row.question.part, candidates: row.question.candidates.map(presentRef) }
      : null,
    decision: row.decision?.action ?? null,
    // Rows are inserted lean (insertMany), so the schema default never reached the stored document.
    committed: row.committed ?? false,
  };
}
