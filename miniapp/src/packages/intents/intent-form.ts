import {
  INTENT_PARTY_ROLES,
  IntentCreateBody,
  IntentUpdateBody,
  needsContract,
  type IntentView,
  type IntentFrom,
  type IntentPartyRole,
  type IntentStage,
} from '@alliance-hub/types';
import type { IntentPrefill } from '../../pages/me/intent-routes';
import { zodFieldErrors, type FieldErrors } from '../../utils/field-errors';
import { isoFromShanghaiDate, shanghaiDate } from './intent-format';
import { contractFromForm, emptyContractForm, isBackdated, type ContractForm } from './stage-form';

/** The create form (新建合作意向), prefilled from a 点菜 tick, an interaction, a match or by hand. */
export interface PartyPerson {
  id: string;
  name: string;
}

export interface PartyRow {
  id: string;
  name: string;
  role: IntentPartyRole;
  /** The organization's people involved (the server checks they belong to it). */
  people: PartyPerson[];
}

export interface IntentForm {
  topic: string;
  description: string;
  parties: PartyRow[];
  fields: string[];
  stage: IntentStage;
  date: string;
  note: string;
  /** '' = me (the server's default). */
  ownerUserId: string;
  contract: ContractForm;
}

const isRole = (value: string): value is IntentPartyRole =>
  (INTENT_PARTY_ROLES as readonly string[]).includes(value);

/** "id:role:name|id:role:name" (see partyParam) → party rows; malformed pieces are skipped. */
export function partiesFromParam(raw: string | undefined): PartyRow[] {
  if (!raw) return [];
  const rows: PartyRow[] = [];
  for (const piece of raw.split('|')) {
    const [id, role, ...name] = piece.split(':');
    if (!id || !isRole(role) || rows.some((row) => row.id === id)) continue;
    rows.push({ id, role, name: name.join(':'), people: [] });
  }
  return rows;
}

export function emptyIntentForm(prefill: IntentPrefill, now: Date = new Date()): IntentForm {
  return {
    topic: prefill.topic ?? '',
    description: '',
    parties: partiesFromParam(prefill.parties),
    fields: [],
    // A tick or a match is already more than a rumour, but nobody has agreed anything yet.
    stage: 'lead',
    date: shanghaiDate(now),
    note: '',
    ownerUserId: '',
    contract: emptyContractForm(now),
  };
}

/** Where it came from, as the server records it (and marks the 点菜 tick handled). */
export function fromOf(prefill: IntentPrefill): IntentFrom {
  if (prefill.from === 'selection' && prefill.selectionId)
    return { kind: 'selection', selectionId: prefill.selectionId };
  if (prefill.from === 'interaction' && prefill.interactionId)
    return { kind: 'interaction', interactionId: prefill.interactionId };
  if (prefill.from === 'match' && prefill.demandId && prefill.achievementId)
    return { kind: 'match', demandId: prefill.demandId, achievementId: prefill.achievementId };
  return { kind: 'manual' };
}

const partiesBody = (rows: PartyRow[]) =>
  rows.map((p) => ({ organizationId: p.id, role: p.role, personIds: p.people.map((person) => person.id) }));

export function createBodyFromForm(
  form: IntentForm,
  prefill: IntentPrefill,
  clientId: string,
  now: Date = new Date(),
): IntentCreateBody {
  const body: IntentCreateBody = {
    clientId,
    topic: form.topic.trim(),
    parties: partiesBody(form.parties),
    fields: form.fields,
    stage: form.stage,
    from: fromOf(prefill),
    links: {
      achievementIds: prefill.achievementId ? [prefill.achievementId] : [],
      demandIds: prefill.demandId ? [prefill.demandId] : [],
      eventIds: [],
      interactionIds: prefill.interactionId ? [prefill.interactionId] : [],
    },
  };
  if (form.description.trim()) body.description = form.description.trim();
  if (form.note.trim()) body.note = form.note.trim();
  if (form.ownerUserId) body.ownerUserId = form.ownerUserId;
  if (isBackdated(form.date, now)) body.at = isoFromShanghaiDate(form.date);
  if (prefill.parentId) body.parentId = prefill.parentId;
  if (needsContract(form.stage)) body.contract = contractFromForm(form.contract);
  return body;
}

export type IntentFormCheck = { ok: true; body: IntentCreateBody } | { ok: false; errors: FieldErrors };

export function checkIntentForm(
  form: IntentForm,
  prefill: IntentPrefill,
  clientId: string,
  now: Date = new Date(),
): IntentFormCheck {
  const body = createBodyFromForm(form, prefill, clientId, now);
  const parsed = IntentCreateBody.safeParse(body);
  if (parsed.success) return { ok: true, body };
  const errors = zodFieldErrors(parsed.error);
  if (needsContract(form.stage) && !form.contract.type) errors['contract.type'] = '请选择合同类型';
  return { ok: false, errors };
}

/** The edit form for a stored intent: what PATCH can change (stage and contract move elsewhere). */
export function formFromIntent(intent: IntentView, now: Date = new Date()): IntentForm {
  return {
    topic: intent.topic,
    description: intent.description ?? '',
    parties: intent.parties.map((p) => ({
      id: p.organization.id,
      name: p.organization.name,
      role: p.role,
      people: p.people.map((person) => ({ id: person.id, name: person.name })),
    })),
    fields: [...intent.fields],
    stage: intent.stage,
    date: shanghaiDate(now),
    note: '',
    ownerUserId: intent.owner?.id ?? '',
    contract: emptyContractForm(now),
  };
}

const idsOf = (people: Array<{ id: string }>) => people.map((person) => person.id).join('|');
const sameParties = (a: PartyRow[], intent: IntentView) =>
  a.length === intent.parties.length &&
  a.every(
    (p, i) =>
      p.id === intent.parties[i].organization.id &&
      p.role === intent.parties[i].role &&
      idsOf(p.people) === idsOf(intent.parties[i].people),
  );

/**
 * Only what changed, with the version the form was loaded at — so a save never overwrites a
 * field someone else changed meanwhile without the server noticing (409).
 */
export function updateBodyFromForm(form: IntentForm, intent: IntentView): IntentUpdateBody {
  const body: IntentUpdateBody = { version: intent.version };
  if (form.topic.trim() !== intent.topic) body.topic = form.topic.trim();
  const description = form.description.trim();
  if (description !== (intent.description ?? '')) body.description = description === '' ? null : description;
  if (form.fields.join('|') !== intent.fields.join('|')) body.fields = form.fields;
  if (!sameParties(form.parties, intent)) body.parties = partiesBody(form.parties);
  if (form.ownerUserId && form.ownerUserId !== (intent.owner?.id ?? '')) body.ownerUserId = form.ownerUserId;
  return body;
}

export type IntentUpdateCheck =
  { ok: true; body: IntentUpdateBody } | { ok: false; errors: FieldErrors; unchanged?: boolean };

export function checkUpdateForm(form: IntentForm, intent: IntentView): IntentUpdateCheck {
  const body = updateBodyFromForm(form, intent);
  if (Object.keys(body).length === 1) return { ok: false, errors: {}, unchanged: true };
  const parsed = IntentUpdateBody.safeParse(body);
  return parsed.success ? { ok: true, body } : { ok: false, errors: zodFieldErrors(parsed.error) };
}
