import type {
  InteractionCreateBody,
  InteractionVisibility,
  LOGGABLE_INTERACTION_TYPES,
} from '@alliance-hub/types';
import { formatShanghaiTime } from '../../utils/format-time';
import type { QuickLogTarget } from '../../pages/me/interaction-routes';

export type LoggableType = (typeof LOGGABLE_INTERACTION_TYPES)[number];

export interface Participant {
  kind: 'person' | 'org' | 'unlisted';
  id: string | null;
  name: string;
  organization: string | null;
}

export interface QuickLogForm {
  type: LoggableType;
  /** Asia/Shanghai "YYYY-MM-DD" and "HH:mm", as the pickers give them. */
  date: string;
  time: string;
  participants: Participant[];
  note: string;
  visibility: InteractionVisibility;
  followUp: boolean;
  followUpTitle: string;
  followUpDate: string;
  followUpTime: string;
  /** null = me, the server's default. */
  followUpOwnerId: string | null;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Shanghai date and time pickers → ISO UTC (China has one fixed offset, no daylight saving). */
export function isoFromShanghai(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - SHANGHAI_OFFSET_MS).toISOString();
}

export function shanghaiParts(at: Date): { date: string; time: string } {
  const text = formatShanghaiTime(at.toISOString());
  return { date: text.slice(0, 10), time: text.slice(11, 16) };
}

/** The participants a target prefills: the person (with their organization) or the organization. */
export function participantsOf(target: QuickLogTarget): Participant[] {
  const out: Participant[] = [];
  if (target.personId) {
    out.push({
      kind: 'person',
      id: target.personId,
      name: target.personName ?? '',
      organization: target.orgName ?? null,
    });
  }
  if (target.orgId)
    out.push({ kind: 'org', id: target.orgId, name: target.orgName ?? '', organization: null });
  if (target.unlistedName) {
    out.push({
      kind: 'unlisted',
      id: null,
      name: target.unlistedName,
      organization: target.unlistedOrg ?? null,
    });
  }
  return out;
}

/** A fresh form: now, a visit (or an event encounter from an attendee list), follow-up in 3 days at 10:00. */
export function emptyQuickLog(target: QuickLogTarget, now: Date): QuickLogForm {
  const { date, time } = shanghaiParts(now);
  const due = shanghaiParts(new Date(now.getTime() + 3 * DAY_MS));
  return {
    type: target.eventId ? 'event_encounter' : 'visit',
    date,
    time,
    participants: participantsOf(target),
    note: '',
    visibility: 'staff',
    followUp: false,
    followUpTitle: '',
    followUpDate: due.date,
    followUpTime: '10:00',
    followUpOwnerId: null,
  };
}

/** The request body; the client id is made once per form so a retry or the outbox sends the same one. */
export function bodyFromQuickLog(
  form: QuickLogForm,
  clientId: string,
  target: QuickLogTarget,
): InteractionCreateBody {
  const ids = (kind: Participant['kind']) =>
    form.participants.filter((p) => p.kind === kind && p.id).map((p) => p.id as string);
  const note = form.note.trim();
  return {
    clientId,
    type: form.type,
    at: isoFromShanghai(form.date, form.time),
    participants: {
      personIds: ids('person'),
      orgIds: ids('org'),
      unlisted: form.participants
        .filter((p) => p.kind === 'unlisted')
        .map((p) => (p.organization ? { name: p.name, organization: p.organization } : { name: p.name })),
    },
    ...(note ? { note } : {}),
    links: target.eventId ? { eventId: target.eventId } : {},
    visibility: form.visibility,
    ...(form.followUp
      ? {
          followUp: {
            title: form.followUpTitle.trim(),
            dueAt: isoFromShanghai(form.followUpDate, form.followUpTime),
            ...(form.followUpOwnerId ? { ownerUserId: form.followUpOwnerId } : {}),
          },
        }
      : {}),
  };
}

/** What the outbox shows for a queued log, e.g. "走访 · 赵志远". */
export function quickLogLabel(form: QuickLogForm, typeLabel: string): string {
  const who = form.participants.map((p) => p.name).filter(Boolean);
  return who.length > 0 ? `${typeLabel} · ${who.slice(0, 2).join('、')}` : typeLabel;
}

/** Adds someone not in the directory, typed as name (+ organization); the same name twice is added once. */
export function withUnlisted(participants: Participant[], name: string, organization: string): Participant[] {
  const trimmed = name.trim();
  if (!trimmed || participants.some((p) => p.kind === 'unlisted' && p.name === trimmed)) return participants;
  return [
    ...participants,
    { kind: 'unlisted', id: null, name: trimmed, organization: organization.trim() || null },
  ];
}
