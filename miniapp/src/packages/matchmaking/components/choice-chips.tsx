import { Text, View } from '@tarojs/components';

export interface ChoiceChipsProps<T extends string> {
  options: ReadonlyArray<{ value: T; label: string }>;
  value: readonly T[];
  onChange: (value: T[]) => void;
  /** One choice only (radio); otherwise any number (checkboxes). */
  single?: boolean;
  label: string;
}

/** Tappable chips for a few fixed choices: transfer modes, cooperation modes, visibility. */
export function ChoiceChips<T extends string>({
  options,
  value,
  onChange,
  single,
  label,
}: ChoiceChipsProps<T>) {
  const toggle = (option: T) => {
    if (single) onChange([option]);
    else if (value.includes(option)) onChange(value.filter((item) => item !== option));
    else onChange([...value, option]);
  };
  return (
    <View className="ah-mm-choices" role={single ? 'radiogroup' : 'group'} aria-label={label}>
      {options.map((option) => {
        const selected = value.includes(option.value);
        return (
          <View
            key={option.value}
            role={single ? 'radio' : 'checkbox'}
            aria-checked={selected}
            className={`ah-mm-choices__option${selected ? ' ah-mm-choices__option--selected' : ''}`}
            onClick={() => toggle(option.value)}
          >
            <Text>{option.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
