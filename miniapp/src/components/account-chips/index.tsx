import { Text, View } from '@tarojs/components';
import './index.scss';

export interface AccountChipOption<T extends string> {
  value: T;
  label: string;
}

export interface AccountChipsProps<T extends string> {
  options: ReadonlyArray<AccountChipOption<T>>;
  value: T | null;
  onChange: (value: T) => void;
  /** Names the group for screen readers and tests. */
  label?: string;
}

/**
 * A single-choice row of chips: every option visible at once, one tap to choose. Used instead of
 * a Picker for short enums (role, organization kind) because it needs no extra popup step.
 */
export function AccountChips<T extends string>({ options, value, onChange, label }: AccountChipsProps<T>) {
  return (
    <View className="ah-account-chips" role="radiogroup" aria-label={label}>
      {options.map((option) => {
        const selected = option.value === value;
        return (
          <View
            key={option.value}
            className={`ah-account-chips__chip${selected ? ' ah-account-chips__chip--selected' : ''}`}
            role="radio"
            aria-checked={selected}
            onClick={() => onChange(option.value)}
          >
            <Text>{option.label}</Text>
          </View>
        );
      })}
    </View>
  );
}
