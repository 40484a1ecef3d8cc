import { Button, Text, View } from '@tarojs/components';
import './index.scss';

export interface EmptyStateProps {
  title: string;
  /** What the user can do next — every empty list says it. */
  hint?: string;
  actionText?: string;
  onAction?: () => void;
}

export function EmptyState({ title, hint, actionText, onAction }: EmptyStateProps) {
  return (
    <View className="ah-empty">
      <View className="ah-empty__icon" />
      <Text className="ah-empty__title">{title}</Text>
      {hint ? <Text className="ah-empty__hint">{hint}</Text> : null}
      {actionText && onAction ? (
        <Button className="ah-empty__action" onClick={onAction}>
          {actionText}
        </Button>
      ) : null}
    </View>
  );
}
