import type { Types } from 'mongoose';
import type { ImportConflictBody, ImportRowView, ImportTermBody, ImportTermList } from '@alliance-hub/types';
import { notFound, validation } from '../../errors';
import { labelKey, listIndustryFields } from '../taxonomy/taxonomy.service';
import { choicesOf, isKnownTerm, taxonomyOf } from './import.conflicts';
import { notReady } from './import.errors';
import { ImportModel, ImportRowModel, type ImportJob, type ImportRow } from './import.model';
import { presentImportRow } from './import.presenter';
import { reviseReadyJob } from './import.service';

/**
 * The secretariat's choices in the dry run beyond duplicates: which conflicting values to take
 * from the file, and what unknown industry-field terms become. Each choice re-runs the dry run,
 * so the rows show what the commit will write.
 */

async function loadJob(id: string): Promise<ImportJob> {
  const job = await ImportModel.findById(id).lean<ImportJob>();
  if (!job) throw notFound('导入任务');
  return job;
}

/** POST /imports/:id/rows/:row/conflicts — keep the directory's value or take the file's. */
export async function chooseConflict(
  id: string,
  rowNumber: number,
  body: ImportConflictBody,
): Promise<ImportRowView> {
  const job = await loadJob(id);
  const row = await ImportRowModel.findOne({ importId: job._id, row: rowNumber }).lean<ImportRow>();
  if (!row) throw notFound('该行');
  if (!(row.conflicts ?? []).some((c) => c.field === body.field))
    throw notReady(job.status, '这一行的该字段与名录没有冲突，无需选择');
  await reviseReadyJob(id, (current) => ({
    $set: {
      conflictChoices: [
        ...(current.conflictChoices ?? []).filter((c) => !(c.row === rowNumber && c.field === body.field)),
        { row: rowNumber, field: body.field, choice: body.choice },
      ],
    },
  }));
  const fresh = await ImportRowModel.findOne({ importId: job._id, row: rowNumber }).lean<ImportRow>();
  return presentImportRow(fresh!);
}

/** The unknown 行业领域 terms of the file's valid rows, most used first, with the choice so far. */
async function unknownTerms(importId: Types.ObjectId) {
  const taxonomy = taxonomyOf(await listIndustryFields());
  const rows = await ImportRowModel.find(
    { importId, status: { $ne: 'invalid' }, 'values.organization.industryFields.0': { $exists: true } },
    { 'values.organization.industryFields': 1 },
  ).lean<Array<{ values?: { organization?: { industryFields?: string[] } | null } | null }>>();
  const terms = new Map<string, { term: string; rows: number }>();
  for (const row of rows) {
    const seen = new Set<string>();
    for (const term of row.values?.organization?.industryFields ?? []) {
      const key = labelKey(term);
      if (seen.has(key) || isKnownTerm(taxonomy, term)) continue;
      seen.add(key);
      const entry = terms.get(key) ?? { term, rows: 0 };
      entry.rows++;
      terms.set(key, entry);
    }
  }
  return { terms, taxonomy };
}

/** GET /imports/:id/terms — the proposals: nothing becomes a field unless chosen here. */
export async function listTerms(id: string): Promise<ImportTermList> {
  const job = await loadJob(id);
  const { terms } = await unknownTerms(job._id);
  const chosen = choicesOf(job).terms;
  const items = [...terms.entries()]
    .map(([key, { term, rows }]) => {
      const choice = chosen.get(key);
      return { term, rows, action: choice?.action ?? 'keyword', fieldCode: choice?.fieldCode ?? null };
    })
    .sort((a, b) => b.rows - a.rows || a.term.localeCompare(b.term, 'zh'));
  return { items };
}

/** PUT /imports/:id/terms — what one unknown term becomes. */
export async function chooseTerm(id: string, body: ImportTermBody): Promise<ImportTermList> {
  const job = await loadJob(id);
  const key = labelKey(body.term);
  const { terms, taxonomy } = await unknownTerms(job._id);
  const entry = terms.get(key);
  if (!entry) throw notReady(job.status, `「${body.term}」不是本文件中待确认的领域`);
  if (body.action === 'map' && !taxonomy.codes.has(body.fieldCode ?? ''))
    throw validation([{ path: 'body.fieldCode', message: '请选择一个已有的行业领域' }]);
  await reviseReadyJob(id, (current) => ({
    $set: {
      termChoices: [
        ...(current.termChoices ?? []).filter((t) => t.key !== key),
        { key, term: entry.term, action: body.action, fieldCode: body.fieldCode },
      ],
    },
  }));
  return listTerms(id);
}
