import { createHash } from 'node:crypto';
import { DEFAULT_INDUSTRY_FIELDS } from '@alliance-hub/types';
import { retryOnDuplicate } from '../../lib/mongo-errors';
import { IndustryFieldModel } from './industry-field.model';

export type IndustryField = { code: string; label: string; builtIn: boolean };

export const labelKey = (label: string) => label.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const BUILT_IN = new Map(DEFAULT_INDUSTRY_FIELDS.map((f) => [labelKey(f.label), f.code as string]));

export async function listIndustryFields(): Promise<IndustryField[]> {
  const custom = await IndustryFieldModel.find({}, { code: 1, label: 1 }).sort({ _id: 1 }).lean();
  return [
    ...DEFAULT_INDUSTRY_FIELDS.map((f) => ({
      code: f.code as string,
      label: f.label as string,
      builtIn: true,
    })),
    ...custom.map((f) => ({ code: f.code, label: f.label, builtIn: false })),
  ];
}

/** The code a custom field gets: derived from its label, so the same label always maps to it. */
export const customFieldCode = (label: string) =>
  `x_${createHash('sha1').update(labelKey(label)).digest('hex').slice(0, 10)}`;

/** Code → label for every known field, built-in and custom. */
export async function fieldLabelsByCode(): Promise<Map<string, string>> {
  return new Map((await listIndustryFields()).map((f) => [f.code, f.label]));
}

/**
 * Maps free-text field labels (as typed in a spreadsheet or a form) to taxonomy codes, adding
 * a custom entry for each label the taxonomy does not know yet. Idempotent: the custom code is
 * derived from the label, so the same label always maps to the same code.
 */
export async function ensureFieldCodes(labels: string[]): Promise<string[]> {
  const codes: string[] = [];
  for (const raw of labels) {
    const label = raw.trim();
    if (!label) continue;
    const key = labelKey(label);
    let code = BUILT_IN.get(key);
    if (!code) {
      code = customFieldCode(label);
      await retryOnDuplicate(() =>
        IndustryFieldModel.updateOne({ labelKey: key }, { $setOnInsert: { code, label } }, { upsert: true }),
      );
    }
    if (!codes.includes(code)) codes.push(code);
  }
  return codes;
}
