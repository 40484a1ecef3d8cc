import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { SelectionItemKind, z } from '@alliance-hub/types';
import { MATCHMAKING_ROUTES } from '../../pages/matchmaking/matchmaking-routes';
import { ApiError } from '../../utils/api-error';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../utils/field-errors';
import { useRevealFirstError } from '../../utils/reveal-first-error';
import { errorAt } from '../directory/edit-form';

const CHECK_MARKED = '请检查标红的项目';

export interface PublicationFormOptions<
  F,
  Saved extends { id: string; permissions: { canSubmit: boolean } },
> {
  /** The stored item when editing; null when publishing a new one. Resets the form when it changes. */
  source: unknown;
  initial: () => F;
  /** The request body: the whole item on create, only what changed on edit. */
  body: (form: F) => object;
  /** The contract's create or update schema: the same messages the server would give, at the same fields. */
  schema: z.ZodType<unknown>;
  /** Create or update (an edit with nothing changed skips the request and returns null). */
  save: (body: object) => Promise<Saved | null>;
  submit: (id: string) => Promise<unknown>;
  /** Where to go afterwards: the item's detail page. */
  done: (saved: Saved | null) => void;
}

/**
 * The publish / edit flow of an achievement or demand: validate with the shared schema, save,
 * optionally submit for review; the server's field errors land at their fields, anything else
 * in the banner.
 */
export function usePublicationForm<
  F extends object,
  Saved extends { id: string; permissions: { canSubmit: boolean } },
>(options: PublicationFormOptions<F, Saved>) {
  const [form, setForm] = useState<F>(options.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const reveal = useRevealFirstError();
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => setForm(latest.current.initial()), [options.source]);

  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    const name = String(key);
    setErrors((current) => {
      if (!errorAt(current, name)) return current;
      const rest = Object.fromEntries(
        Object.entries(current).filter(([k]) => k !== name && !k.startsWith(`${name}.`)),
      );
      if (Object.keys(rest).length === 0) setBanner((b) => (b === CHECK_MARKED ? null : b));
      return rest;
    });
  };

  const fail = (fieldErrors: FieldErrors, message: string) => {
    setErrors(fieldErrors);
    setBanner(Object.keys(fieldErrors).length > 0 ? CHECK_MARKED : message);
    reveal();
  };

  const save = async (andSubmit: boolean) => {
    const { body, schema } = latest.current;
    const draft = body(form);
    const parsed = schema.safeParse(draft);
    if (!parsed.success) return fail(zodFieldErrors(parsed.error), CHECK_MARKED);
    setSaving(andSubmit ? 'submit' : 'draft');
    setBanner(null);
    let saved: Saved | null;
    try {
      saved = await latest.current.save(parsed.data as object);
    } catch (failure) {
      setSaving(null);
      return fail(
        serverFieldErrors(failure),
        failure instanceof ApiError ? failure.message : '保存失败，请稍后重试',
      );
    }
    setErrors({});
    try {
      if (andSubmit && saved?.permissions.canSubmit) await latest.current.submit(saved.id);
      void Taro.showToast({ title: andSubmit ? '已提交审核' : '已保存', icon: 'success' });
    } catch (failure) {
      // Saved but not submitted: leave the form (another save would publish a duplicate) and
      // say why; the detail page offers 提交审核 again.
      void Taro.showToast({
        title: failure instanceof ApiError ? `已保存，提交失败：${failure.message}` : '已保存，提交失败',
        icon: 'none',
      });
    } finally {
      setSaving(null);
    }
    latest.current.done(saved);
  };

  return { form, set, errors, banner, saving, save };
}

type Item = { id: string; permissions: { canSubmit: boolean } };

/** What a publish form's fields read: the form, its setter and errors, and the save bar's state. */
export interface PublicationEditor<F> {
  form: F;
  set: <K extends keyof F>(key: K, value: F[K]) => void;
  err: (field: string) => string | undefined;
  banner: string | null;
  saving: 'draft' | 'submit' | null;
  save: (andSubmit: boolean) => Promise<void>;
  canSubmit: boolean;
}

/**
 * The publish / edit flow wired to one kind's endpoints: create or send only what changed, then
 * the detail page (new) or back (edit). The achievement and demand forms differ only in fields.
 */
export function usePublicationEditor<F extends object, I extends Item>(options: {
  kind: SelectionItemKind;
  item: I | null;
  initial: () => F;
  createBody: (form: F) => object;
  changes: (item: I, form: F) => object;
  schemas: { create: z.ZodType<unknown>; update: z.ZodType<unknown> };
  api: {
    create: (body: never) => Promise<I>;
    update: (id: string, body: never) => Promise<I>;
    action: (id: string, action: 'submit') => Promise<unknown>;
  };
}): PublicationEditor<F> {
  const { kind, item, api } = options;
  const state = usePublicationForm<F, I>({
    source: item,
    initial: options.initial,
    body: (f) => (item ? options.changes(item, f) : options.createBody(f)),
    schema: item ? options.schemas.update : options.schemas.create,
    // The body was parsed with the kind's own schema just before: it is that kind's body.
    save: async (body) => {
      if (!item) return api.create(body as never);
      return Object.keys(body).length > 0 ? api.update(item.id, body as never) : item;
    },
    submit: (id) => api.action(id, 'submit'),
    done: (saved) => {
      if (item) void Taro.navigateBack();
      else if (saved) void Taro.redirectTo({ url: MATCHMAKING_ROUTES.detail(kind, saved.id) });
    },
  });
  return {
    ...state,
    err: (field) => errorAt(state.errors, field),
    canSubmit: !item || item.permissions.canSubmit,
  };
}
