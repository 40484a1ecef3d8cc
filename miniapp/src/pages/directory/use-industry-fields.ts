import { useEffect, useState } from 'react';
import { DEFAULT_INDUSTRY_FIELDS } from '@alliance-hub/types';
import { listFields, type IndustryField } from '../../services/directory';

const BUILT_IN_FIELDS: IndustryField[] = DEFAULT_INDUSTRY_FIELDS.map((field) => ({
  ...field,
  builtIn: true,
}));

/** The taxonomy from the server (it may have been extended); the built-in list until it answers. */
export function useIndustryFields(enabled: boolean): IndustryField[] {
  const [fields, setFields] = useState<IndustryField[]>(BUILT_IN_FIELDS);
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    listFields()
      .then((items) => {
        if (live && items.length > 0) setFields(items);
      })
      .catch(() => {
        // The built-in labels still work as filters; the list itself reports connection problems.
      });
    return () => {
      live = false;
    };
  }, [enabled]);
  return fields;
}

/** Field code → label, falling back to the code for a field the list does not know. */
export function fieldLabel(fields: IndustryField[], code: string): string {
  return fields.find((field) => field.code === code)?.label ?? code;
}
