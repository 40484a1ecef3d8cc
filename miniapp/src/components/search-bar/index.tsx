import { Input, Text, View } from '@tarojs/components';
import './index.scss';

export interface SearchBarProps {
  value: string;
  placeholder?: string;
  /** Called on every keystroke; the page decides when to search (debounce). */
  onInput: (value: string) => void;
  /** The keyboard's 搜索 key: search now. */
  onConfirm?: (value: string) => void;
  onClear?: () => void;
  maxLength?: number;
}

/** A rounded search box with a clear button, for the top of list screens. */
export function SearchBar({
  value,
  placeholder = '搜索',
  onInput,
  onConfirm,
  onClear,
  maxLength = 60,
}: SearchBarProps) {
  return (
    <View className="ah-search-bar">
      <View className="ah-search-bar__icon" />
      <Input
        className="ah-search-bar__input"
        type="text"
        value={value}
        placeholder={placeholder}
        placeholderClass="ah-search-bar__placeholder"
        confirmType="search"
        maxlength={maxLength}
        aria-label={placeholder}
        onInput={(event) => onInput(event.detail.value)}
        onConfirm={(event) => onConfirm?.(event.detail.value)}
      />
      {value ? (
        <View
          className="ah-search-bar__clear"
          role="button"
          aria-label="清除"
          onClick={() => (onClear ? onClear() : onInput(''))}
        >
          <Text>×</Text>
        </View>
      ) : null}
    </View>
  );
}
