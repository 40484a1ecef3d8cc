import { Text, View } from '@tarojs/components';
import './index.scss';

export interface TabOption<T extends string> {
  value: T;
  label: string;
}

export interface TabsProps<T extends string> {
  options: ReadonlyArray<TabOption<T>>;
  value: T;
  onChange: (value: T) => void;
}

/** A pill-shaped tab bar for switching a list between a few views (待审核/已通过…, 近期/往期…). */
export function Tabs<T extends string>({ options, value, onChange }: TabsProps<T>) {
  return (
    <View className="ah-tabs" role="tablist">
      {options.map((option) => (
        <View
          key={option.value}
          role="tab"
          aria-selected={option.value === value}
          className={`ah-tabs__tab${option.value === value ? ' ah-tabs__tab--active' : ''}`}
          onClick={() => onChange(option.value)}
        >
          <Text>{option.label}</Text>
        </View>
      ))}
    </View>
  );
}
