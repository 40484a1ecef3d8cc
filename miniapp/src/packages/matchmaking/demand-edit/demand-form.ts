import {
  type CooperationMode,
  type DemandCreateBody,
  type DemandDetailView,
  type DemandProgress,
  type DemandUpdateBody,
  type DemandVisibility,
} from '@alliance-hub/types';
import { joinList } from '../../directory/edit-form';
import type { OwnerRef } from '../components/owner-and-contacts';
import { amountOf, amountText, changedList, changedText, keywordsOf } from '../publication-form';

export interface DemandForm {
  owner: OwnerRef | null;
  title: string;
  description: string;
  fields: string[];
  keywords: string;
  budgetMin: string;
  budgetMax: string;
  budgetNegotiable: boolean;
  /** YYYY-MM-DD or '' (长期有效). */
  deadline: string;
  cooperationModes: CooperationMode[];
  progress: DemandProgress;
  visibility: DemandVisibility;
  contactPersonIds: string[];
}

export function demandFormOf(item: DemandDetailView | null, owner: OwnerRef | null): DemandForm {
  if (!item) {
    return {
      owner,
      title: '',
      description: '',
      fields: [],
      keywords: '',
      budgetMin: '',
      budgetMax: '',
      budgetNegotiable: false,
      deadline: '',
      cooperationModes: [],
      progress: 'open',
      visibility: 'members',
      contactPersonIds: [],
    };
  }
  return {
    owner: { id: item.owner.id, name: item.owner.name },
    title: item.title,
    description: item.description,
    fields: item.fields,
    keywords: joinList(item.keywords),
    budgetMin: amountText(item.budgetMinWan),
    budgetMax: amountText(item.budgetMaxWan),
    budgetNegotiable: item.budgetNegotiable,
    deadline: item.deadline ?? '',
    cooperationModes: item.cooperationModes,
    progress: item.progress,
    visibility: item.visibility,
    contactPersonIds: item.contacts.map((contact) => contact.personId),
  };
}

/** The whole new demand. */
export function demandCreateBody(form: DemandForm): DemandCreateBody {
  return {
    title: form.title,
    description: form.description,
    fields: form.fields,
    keywords: keywordsOf(form.keywords),
    budgetMinWan: amountOf(form.budgetMin),
    budgetMaxWan: amountOf(form.budgetMax),
    budgetNegotiable: form.budgetNegotiable,
    deadline: form.deadline || null,
    cooperationModes: form.cooperationModes,
    visibility: form.visibility,
    ...(form.owner ? { ownerOrgId: form.owner.id } : {}),
    contactPersonIds: form.contactPersonIds,
  };
}

/** Only what changed; progress, deadline, visibility and contacts do not send it back to review. */
export function demandChanges(item: DemandDetailView, form: DemandForm): DemandUpdateBody {
  const body: DemandUpdateBody = {};
  if (changedText(item.title, form.title)) body.title = form.title;
  if (changedText(item.description, form.description)) body.description = form.description;
  if (changedList(item.fields, form.fields)) body.fields = form.fields;
  const keywords = keywordsOf(form.keywords);
  if (changedList(item.keywords, keywords)) body.keywords = keywords;
  const min = amountOf(form.budgetMin);
  const max = amountOf(form.budgetMax);
  if (min !== item.budgetMinWan || Number.isNaN(min)) body.budgetMinWan = min;
  if (max !== item.budgetMaxWan || Number.isNaN(max)) body.budgetMaxWan = max;
  if (form.budgetNegotiable !== item.budgetNegotiable) body.budgetNegotiable = form.budgetNegotiable;
  if ((form.deadline || null) !== item.deadline) body.deadline = form.deadline || null;
  if (changedList(item.cooperationModes, form.cooperationModes))
    body.cooperationModes = form.cooperationModes;
  if (form.progress !== item.progress) body.progress = form.progress;
  if (form.visibility !== item.visibility) body.visibility = form.visibility;
  const contacts = item.contacts.map((contact) => contact.personId);
  if (changedList(contacts, form.contactPersonIds)) body.contactPersonIds = form.contactPersonIds;
  return body;
}
