import {
  CONTRACT_TYPES,
  IntentStageBody,
  needsContract,
  registrationNoWarning,
  type ContractInput,
  type ContractType,
  type ContractView,
  type IntentStage,
  type IntentSummaryView,
  type LostReason,
} from '@alliance-hub/types';
import { zodFieldErrors, type FieldErrors } from '../../utils/field-errors';
import { isoFromShanghaiDate, shanghaiDate } from './intent-format';

/**
 * The stage-change sheet's form: a stage to move to, or a status (暂缓 / 未成 / 重新推进 / 完成),
 * the day it happened (earlier days are back-dating, flagged by the server), a note, and for
 * 未成 the reason and its story. Entering 签约 or later without a stored contract asks for it.
 */
export type StageTarget = IntentStage | 'on_hold' | 'lost' | 'active' | 'done';

/** Number inputs stay text while typed ("12." is a valid moment); converted on submit. */
export interface ContractForm {
  type: ContractType | '';
  amount: string;
  techAmount: string;
  signedDate: string;
  termMonths: string;
  registrationNo: string;
}

export interface StageForm {
  target: StageTarget;
  date: string;
  note: string;
  lostReason: LostReason | '';
  lostNote: string;
  contract: ContractForm;
}

export function emptyContractForm(now: Date = new Date()): ContractForm {
  return {
    type: '',
    amount: '',
    techAmount: '',
    signedDate: shanghaiDate(now),
    termMonths: '',
    registrationNo: '',
  };
}

export function contractFormOf(contract: ContractView | null, now: Date = new Date()): ContractForm {
  if (!contract) return emptyContractForm(now);
  return {
    type: contract.type,
    amount: String(contract.amount),
    techAmount: contract.techAmount === null ? '' : String(contract.techAmount),
    signedDate: shanghaiDate(contract.signedAt),
    termMonths: contract.termMonths === null ? '' : String(contract.termMonths),
    registrationNo: contract.registrationNo ?? '',
  };
}

export function emptyStageForm(target: StageTarget, now: Date = new Date()): StageForm {
  return {
    target,
    date: shanghaiDate(now),
    note: '',
    lostReason: '',
    lostNote: '',
    contract: emptyContractForm(now),
  };
}

/** "" stays undefined so the schema says 请输入…; anything else must read as a number. */
function numberOrText(raw: string): number | string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

/** The contract form as the shared schema's input; bad numbers are left for the schema to name. */
export function contractFromForm(form: ContractForm): ContractInput {
  const body: Record<string, unknown> = {
    type: form.type === '' ? undefined : form.type,
    amount: numberOrText(form.amount),
    signedAt: form.signedDate ? isoFromShanghaiDate(form.signedDate) : undefined,
  };
  const techAmount = numberOrText(form.techAmount);
  if (techAmount !== undefined) body.techAmount = techAmount;
  const termMonths = numberOrText(form.termMonths);
  if (termMonths !== undefined) body.termMonths = termMonths;
  if (form.registrationNo.trim()) body.registrationNo = form.registrationNo.trim();
  return body as ContractInput;
}

/** True when the move needs the contract filled in here: a signed-or-later stage and none stored. */
export function asksForContract(target: StageTarget, intent: Pick<IntentSummaryView, 'amount'>): boolean {
  return isStage(target) && needsContract(target) && intent.amount === null;
}

const STAGE_TARGETS: readonly string[] = [
  'lead',
  'intent',
  'negotiating',
  'signed',
  'executing',
  'industrialised',
];
export function isStage(target: StageTarget): target is IntentStage {
  return STAGE_TARGETS.includes(target);
}

/** Back-dated = a day before today (Shanghai): the sheet says so before the server flags it. */
export function isBackdated(date: string, now: Date = new Date()): boolean {
  return date < shanghaiDate(now);
}

export function stageBodyFromForm(
  form: StageForm,
  intent: Pick<IntentSummaryView, 'version' | 'amount'>,
  now: Date = new Date(),
): IntentStageBody {
  const body: Record<string, unknown> = { version: intent.version };
  if (isStage(form.target)) body.to = form.target;
  else body.status = form.target;
  // Today is "now" on the server; an earlier day is sent and flagged there as back-dated.
  if (isBackdated(form.date, now)) body.at = isoFromShanghaiDate(form.date);
  if (form.note.trim()) body.note = form.note.trim();
  if (form.target === 'lost') {
    body.lostReason = form.lostReason === '' ? undefined : form.lostReason;
    body.lostNote = form.lostNote.trim() === '' ? undefined : form.lostNote.trim();
  }
  if (asksForContract(form.target, intent)) body.contract = contractFromForm(form.contract);
  return body as IntentStageBody;
}

export type StageFormCheck = { ok: true; body: IntentStageBody } | { ok: false; errors: FieldErrors };

/** Checks the form with the schema the server parses with, so both name the same fields. */
export function checkStageForm(
  form: StageForm,
  intent: Pick<IntentSummaryView, 'version' | 'amount'>,
  now: Date = new Date(),
): StageFormCheck {
  const body = stageBodyFromForm(form, intent, now);
  const errors: FieldErrors = {};
  if (asksForContract(form.target, intent) && !body.contract?.type)
    errors['contract.type'] = '请选择合同类型';
  const parsed = IntentStageBody.safeParse(body);
  if (!parsed.success) Object.assign(errors, zodFieldErrors(parsed.error), errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}

/** The server's registration-number warning, shown while typing (it never blocks saving). */
export function registrationHint(registrationNo: string): string | null {
  return registrationNoWarning(registrationNo.trim() || null);
}

export const CONTRACT_TYPE_OPTIONS = CONTRACT_TYPES;
