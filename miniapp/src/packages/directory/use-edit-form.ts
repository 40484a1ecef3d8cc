import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { z } from '@alliance-hub/types';
import { ApiError } from '../../utils/api-error';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../utils/field-errors';
import { useRevealFirstError } from '../../utils/reveal-first-error';
import { errorAt } from './edit-form';

const CHECK_MARKED = '请检查标红的项目';

export interface EditFormOptions<F, P> {
  /** The record being edited; the form is reset from it whenever it changes. */
  source: unknown;
  initial: () => F;
  /** Only what the user changed, as a request body; an empty body just goes back. */
  changes: (form: F) => object;
  /** The same zod schema the server parses with, so both give the same message at the same field. */
  schema: z.ZodType<P>;
  submit: (body: P) => Promise<unknown>;
}

/**
 * The state and save flow every directory edit form shares: validate on the client, show the
 * server's field errors at their fields and anything else in a banner, go back on success.
 */
export function useEditForm<F extends object, P>({
  source,
  initial,
  changes,
  schema,
  submit,
}: EditFormOptions<F, P>) {
  const [form, setForm] = useState<F>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const reveal = useRevealFirstError();

  // Reset only when the record itself changes (a fresh copy after saving), not on every render.
  useEffect(() => setForm(initial()), [source]);

  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    // Editing a field clears its error (and its list items' errors), not the others; once no
    // field is marked, the "check the marked fields" banner has nothing left to point at.
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

  const save = async () => {
    const body = changes(form);
    if (Object.keys(body).length === 0) {
      void Taro.navigateBack();
      return;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      setBanner(CHECK_MARKED);
      reveal();
      return;
    }
    setSaving(true);
    setBanner(null);
    try {
      await submit(parsed.data);
      setErrors({});
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack();
    } catch (failure) {
      const fieldErrors = serverFieldErrors(failure);
      setErrors(fieldErrors);
      setBanner(
        Object.keys(fieldErrors).length > 0
          ? CHECK_MARKED
          : failure instanceof ApiError
            ? failure.message
            : '保存失败，请稍后重试',
      );
      reveal();
    } finally {
      setSaving(false);
    }
  };

  return { form, set, errors, banner, saving, save };
}
