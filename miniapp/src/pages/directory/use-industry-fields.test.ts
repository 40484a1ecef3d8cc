import { UNKNOWN_FIELD_LABEL } from '@alliance-hub/types';
import { fieldLabel, fieldLabels } from './use-industry-fields';

const FIELDS = [{ code: 'chemicals', label: '化工', builtIn: true }];

describe('fieldLabel', () => {
  it('should show the label when the list knows the code', () => {
    expect(fieldLabel(FIELDS, 'chemicals')).toBe('化工');
  });

  it('should show a neutral label, never the code, when the list does not know the code', () => {
    expect(fieldLabel(FIELDS, 'x_5765ab451d')).toBe(UNKNOWN_FIELD_LABEL);
    expect(fieldLabels(FIELDS, ['x_5765ab451d', 'x_0000000000', 'chemicals'])).toEqual([
      UNKNOWN_FIELD_LABEL,
      '化工',
    ]);
  });
});
