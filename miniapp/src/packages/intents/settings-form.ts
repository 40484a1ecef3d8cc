import {
  DEFAULT_STALE_DAYS,
  IntentSettingsBody,
  STALE_STAGES,
  type IntentSettingsView,
  type StaleStage,
} from '@alliance-hub/types';
import { zodFieldErrors, type FieldErrors } from '../../utils/field-errors';

/**
 * 停滞提醒设置: the days without logged contact after which an active intent at a stage counts
 * as stale. Inputs stay text while typed; the shared schema names the stage that is wrong.
 */
export type StaleDaysForm = Record<StaleStage, string>;

export function staleDaysForm(days: Record<StaleStage, number>): StaleDaysForm {
  return Object.fromEntries(STALE_STAGES.map((stage) => [stage, String(days[stage])])) as StaleDaysForm;
}

export const defaultStaleDaysForm = (): StaleDaysForm => staleDaysForm(DEFAULT_STALE_DAYS);

/** "" stays undefined (请输入天数); text that is not a number is left for the schema to refuse. */
function dayCount(raw: string): number | string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

export type SettingsFormCheck = { ok: true; body: IntentSettingsBody } | { ok: false; errors: FieldErrors };

export function checkSettingsForm(form: StaleDaysForm, version: number): SettingsFormCheck {
  const body = {
    version,
    staleDays: Object.fromEntries(STALE_STAGES.map((stage) => [stage, dayCount(form[stage])])),
  };
  const parsed = IntentSettingsBody.safeParse(body);
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, errors: zodFieldErrors(parsed.error) };
}

/** The stages whose value differs from what is stored: what a save would change. */
export function changedStages(form: StaleDaysForm, saved: IntentSettingsView): StaleStage[] {
  return STALE_STAGES.filter((stage) => form[stage].trim() !== String(saved.staleDays[stage]));
}

export const isDefault = (form: StaleDaysForm): boolean =>
  STALE_STAGES.every((stage) => form[stage].trim() === String(DEFAULT_STALE_DAYS[stage]));
