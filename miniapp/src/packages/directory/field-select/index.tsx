import { Text, View } from '@tarojs/components';
import type { IndustryField } from '../../../services/directory';
import './index.scss';

export interface FieldSelectProps {
  fields: IndustryField[];
  value: string[];
  onChange: (codes: string[]) => void;
  max?: number;
  disabled?: boolean;
}

/** Multi-select over the industry-field taxonomy, as tappable chips. */
export function FieldSelect({ fields, value, onChange, max = 10, disabled }: FieldSelectProps) {
  const known = new Set(fields.map((field) => field.code));
  // Codes the taxonomy no longer lists stay visible so saving does not drop them silently.
  const options = [
    ...fields,
    ...value.filter((code) => !known.has(code)).map((code) => ({ code, label: code })),
  ];
  const toggle = (code: string) => {
    if (disabled) return;
    if (value.includes(code)) onChange(value.filter((item) => item !== code));
    else if (value.length < max) onChange([...value, code]);
  };
  return (
    <View className="ah-field-select" role="group">
      {options.map((field) => {
        const selected = value.includes(field.code);
        return (
          <View
            key={field.code}
            role="checkbox"
            aria-checked={selected}
            className={`ah-field-select__option${selected ? ' ah-field-select__option--selected' : ''}`}
            onClick={() => toggle(field.code)}
          >
            <Text>{field.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
