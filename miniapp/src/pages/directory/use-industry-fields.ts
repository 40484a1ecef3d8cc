import { useEffect, useState } from 'react';
import { DEFAULT_INDUSTRY_FIELDS, UNKNOWN_FIELD_LABEL } from '@alliance-hub/types';
import { listFields, type IndustryField } from '../../services/directory';

const BUILT_IN_FIELDS: IndustryField[] = DEFAULT_INDUSTRY_FIELDS.map((field) => ({
  ...field,
  builtIn: true,
}));

/**
 * The taxonomy from the server (it may have been extended); the built-in list until it answers.
 * Pass the codes a screen shows: when one is missing from the cached list (a field an import
 * added meanwhile), the list is fetched again once.
 */
export function useIndustryFields(enabled: boolean, shownCodes: readonly string[] = []): IndustryField[] {
  const [fields, setFields] = useState<IndustryField[]>(BUILT_IN_FIELDS);
  const codesKey = shownCodes.join('|');
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    const load = async () => {
      let items = await listFields();
      const known = new Set(items.map((field) => field.code));
      if (codesKey && codesKey.split('|').some((code) => !known.has(code)))
        items = await listFields({ fresh: true });
      if (live && items.length > 0) setFields(items);
    };
    load().catch(() => {
      // The built-in labels still work as filters; the list itself reports connection problems.
    });
    return () => {
      live = false;
    };
  }, [enabled, codesKey]);
  return fields;
}

/** Field code → label; a code the list does not know reads as a neutral label, never as the code. */
export function fieldLabel(fields: IndustryField[], code: string): string {
  return fields.find((field) => field.code === code)?.label ?? UNKNOWN_FIELD_LABEL;
}

/** Labels for a record's field codes, without repeating the neutral label. */
export function fieldLabels(fields: IndustryField[], codes: readonly string[]): string[] {
  return [...new Set(codes.map((code) => fieldLabel(fields, code)))];
}
