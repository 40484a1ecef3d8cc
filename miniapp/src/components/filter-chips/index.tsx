import { Picker, ScrollView, Text, View } from '@tarojs/components';
import './index.scss';

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterChip {
  key: string;
  /** Shown while nothing is chosen, e.g. 类型. */
  label: string;
  options: FilterOption[];
  /** '' = all. */
  value: string;
}

/** An on/off chip such as 我负责的, shown before the pickers. */
export interface FilterToggle {
  key: string;
  label: string;
  active: boolean;
}

export interface FilterChipsProps {
  chips: FilterChip[];
  onChange: (key: string, value: string) => void;
  toggles?: FilterToggle[];
  onToggle?: (key: string, active: boolean) => void;
  /** Shown as 清除 when any chip has a value. */
  onClearAll?: () => void;
}

const ALL = '全部';

/**
 * A row of filter chips; each opens the platform's picker (a native wheel on weapp, a sheet in H5)
 * with 全部 first. An active chip shows its choice and is highlighted.
 */
export function FilterChips({ chips, onChange, toggles = [], onToggle, onClearAll }: FilterChipsProps) {
  const anyActive = chips.some((chip) => chip.value !== '') || toggles.some((toggle) => toggle.active);
  return (
    <ScrollView className="ah-filter-chips" scrollX enhanced showScrollbar={false}>
      <View className="ah-filter-chips__row">
        {toggles.map((toggle) => (
          <View
            key={toggle.key}
            className={`ah-filter-chips__chip ah-filter-chips__chip--toggle${toggle.active ? ' ah-filter-chips__chip--active' : ''}`}
            data-filter={toggle.key}
            role="button"
            aria-pressed={toggle.active}
            onClick={() => onToggle?.(toggle.key, !toggle.active)}
          >
            <Text>{toggle.label}</Text>
          </View>
        ))}
        {chips.map((chip) => {
          const range = [ALL, ...chip.options.map((option) => option.label)];
          const index = chip.options.findIndex((option) => option.value === chip.value) + 1;
          const active = index > 0;
          return (
            <Picker
              key={chip.key}
              mode="selector"
              range={range}
              value={index}
              aria-label={chip.label}
              onChange={(event) => {
                const picked = Number(event.detail.value);
                onChange(chip.key, picked > 0 ? (chip.options[picked - 1]?.value ?? '') : '');
              }}
            >
              <View
                className={`ah-filter-chips__chip${active ? ' ah-filter-chips__chip--active' : ''}`}
                data-filter={chip.key}
              >
                <Text>{active ? chip.options[index - 1].label : chip.label}</Text>
                <View className="ah-filter-chips__caret" />
              </View>
            </Picker>
          );
        })}
        {anyActive && onClearAll ? (
          <View className="ah-filter-chips__clear" role="button" onClick={onClearAll}>
            <Text>清除筛选</Text>
          </View>
        ) : null}
      </View>
    </ScrollView>
  );
}
