import { CardUpdateBody, CONTACT_FIELDS, type CardView, type ContactField } from '@alliance-hub/types';
import { zodFieldErrors, type FieldErrors } from '../../../utils/field-errors';

export interface CardFormValues {
  name: string;
  title: string;
  mobile: string;
  email: string;
  wechatId: string;
  sharedFields: ContactField[];
  offer: string;
  seeking: string;
}

export type CardTextKey = Exclude<keyof CardFormValues, 'sharedFields'>;

export function formFromCard(card: CardView): CardFormValues {
  return {
    name: card.name,
    title: card.title ?? '',
    mobile: card.contacts.mobile ?? '',
    email: card.contacts.email ?? '',
    wechatId: card.contacts.wechatId ?? '',
    sharedFields: CONTACT_FIELDS.filter((field) => card.sharedFields.includes(field)),
    offer: card.offer ?? '',
    seeking: card.seeking ?? '',
  };
}

const orNull = (value: string) => (value.trim() ? value.trim() : null);

/** Validates with the same schema the server parses; an emptied field is sent as null (cleared). */
export function validateCard(
  form: CardFormValues,
): { ok: true; body: CardUpdateBody } | { ok: false; errors: FieldErrors } {
  const body: CardUpdateBody = {
    name: form.name.trim(),
    title: orNull(form.title),
    mobile: orNull(form.mobile),
    email: orNull(form.email),
    wechatId: orNull(form.wechatId),
    sharedFields: form.sharedFields,
    offer: orNull(form.offer),
    seeking: orNull(form.seeking),
  };
  const parsed = CardUpdateBody.safeParse(body);
  if (!parsed.success) {
    const errors = zodFieldErrors(parsed.error);
    if (errors.name && !body.name) errors.name = '请填写姓名';
    return { ok: false, errors };
  }
  return { ok: true, body };
}
