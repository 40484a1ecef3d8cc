import {
  type AchievementCreateBody,
  type AchievementDetailView,
  type AchievementUpdateBody,
  type IpKind,
  type Maturity,
  type TransferMode,
} from '@alliance-hub/types';
import { joinList } from '../../directory/edit-form';
import type { OwnerRef } from '../components/owner-and-contacts';
import { amountOf, amountText, changedList, changedText, keywordsOf } from '../publication-form';

export interface AchievementForm {
  owner: OwnerRef | null;
  title: string;
  summary: string;
  detail: string;
  fields: string[];
  keywords: string;
  maturity: Maturity | '';
  transferModes: TransferMode[];
  ip: Array<{ kind: IpKind; number: string }>;
  price: string;
  priceNegotiable: boolean;
  contactPersonIds: string[];
}

export function achievementFormOf(
  item: AchievementDetailView | null,
  owner: OwnerRef | null,
): AchievementForm {
  if (!item) {
    return {
      owner,
      title: '',
      summary: '',
      detail: '',
      fields: [],
      keywords: '',
      maturity: '',
      transferModes: [],
      ip: [],
      price: '',
      priceNegotiable: false,
      contactPersonIds: [],
    };
  }
  return {
    owner: { id: item.owner.id, name: item.owner.name },
    title: item.title,
    summary: item.summary,
    detail: item.detail ?? '',
    fields: item.fields,
    keywords: joinList(item.keywords),
    maturity: item.maturity,
    transferModes: item.transferModes,
    ip: item.ip.map((ip) => ({ kind: ip.kind, number: ip.number ?? '' })),
    price: amountText(item.priceWan),
    priceNegotiable: item.priceNegotiable,
    contactPersonIds: item.contacts.map((contact) => contact.personId),
  };
}

const ipOf = (form: AchievementForm) =>
  form.ip.map((ip) => (ip.number.trim() ? { kind: ip.kind, number: ip.number } : { kind: ip.kind }));

/** The whole new achievement; empty choices are sent as missing so the schema names them. */
export function achievementCreateBody(form: AchievementForm): AchievementCreateBody {
  return {
    title: form.title,
    summary: form.summary,
    ...(form.detail.trim() ? { detail: form.detail } : {}),
    fields: form.fields,
    keywords: keywordsOf(form.keywords),
    // '' is left for the schema to refuse with its own message (请选择成熟度).
    maturity: (form.maturity || undefined) as Maturity,
    transferModes: form.transferModes,
    ip: ipOf(form),
    priceWan: form.priceNegotiable && !form.price.trim() ? null : amountOf(form.price),
    priceNegotiable: form.priceNegotiable,
    ...(form.owner ? { ownerOrgId: form.owner.id } : {}),
    contactPersonIds: form.contactPersonIds,
  };
}

/** Only what changed: a contact change does not send a published achievement back to review. */
export function achievementChanges(
  item: AchievementDetailView,
  form: AchievementForm,
): AchievementUpdateBody {
  const body: AchievementUpdateBody = {};
  if (changedText(item.title, form.title)) body.title = form.title;
  if (changedText(item.summary, form.summary)) body.summary = form.summary;
  if (changedText(item.detail, form.detail)) body.detail = form.detail.trim() ? form.detail : null;
  if (changedList(item.fields, form.fields)) body.fields = form.fields;
  const keywords = keywordsOf(form.keywords);
  if (changedList(item.keywords, keywords)) body.keywords = keywords;
  if (form.maturity && form.maturity !== item.maturity) body.maturity = form.maturity;
  if (changedList(item.transferModes, form.transferModes)) body.transferModes = form.transferModes;
  const ip = ipOf(form);
  const storedIp = item.ip.map((entry) => `${entry.kind}:${entry.number ?? ''}`);
  if (
    changedList(
      storedIp,
      ip.map((entry) => `${entry.kind}:${'number' in entry ? entry.number : ''}`),
    )
  )
    body.ip = ip;
  const price = form.priceNegotiable && !form.price.trim() ? null : amountOf(form.price);
  if (price !== item.priceWan || Number.isNaN(price)) body.priceWan = price;
  if (form.priceNegotiable !== item.priceNegotiable) body.priceNegotiable = form.priceNegotiable;
  const contacts = item.contacts.map((contact) => contact.personId);
  if (changedList(contacts, form.contactPersonIds)) body.contactPersonIds = form.contactPersonIds;
  return body;
}
