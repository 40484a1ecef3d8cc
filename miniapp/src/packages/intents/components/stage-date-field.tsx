import { Picker, Text, View } from '@tarojs/components';
import { FormField } from '../../../components/form-field';
import { isBackdated } from '../stage-form';

/**
 * When a stage was entered (the create form) or a change happened (the stage sheet): today by
 * default, never later; an earlier day is back-dating, which the server flags 补记 and counts in
 * that day's year — said here before saving.
 */
export function StageDateField({
  label,
  hint,
  value,
  today,
  error,
  onChange,
}: {
  label: string;
  hint: string;
  value: string;
  today: string;
  error?: string | null;
  onChange: (date: string) => void;
}) {
  const backdated = isBackdated(value);
  return (
    <>
      <FormField label={label} error={error} hint={backdated ? undefined : hint}>
        <Picker mode="date" value={value} end={today} onChange={(e) => onChange(String(e.detail.value))}>
          <Text className="ah-intents__picker" data-field="stage-date">
            {value}
          </Text>
        </Picker>
      </FormField>
      {backdated ? (
        <View className="ah-intents__warning" role="note">
          <Text>补记：将按 {value} 计入当年统计，并标注为补记</Text>
        </View>
      ) : null}
    </>
  );
}
