import { Input, Picker, Text, View } from '@tarojs/components';
import { CONTRACT_TYPES, CONTRACT_TYPE_LABELS } from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import type { FieldErrors } from '../../../utils/field-errors';
import { registrationHint, type ContractForm } from '../stage-form';

/**
 * The contract's fields (type, 成交额, 技术交易额, signing day, term, 技术合同登记号). Errors are
 * keyed like the server's (`contract.amount`); an unusual registration number only warns.
 */
export function ContractFields({
  value,
  onChange,
  errors,
  prefix = 'contract.',
  warning,
  title,
}: {
  value: ContractForm;
  onChange: (next: ContractForm) => void;
  errors: FieldErrors;
  prefix?: string;
  /** The warning the server stored with the number, shown until the number is edited. */
  warning?: string | null;
  /** A section heading (the forms that ask for a contract on the way to 签约 say why). */
  title?: string;
}) {
  const set = <K extends keyof ContractForm>(key: K, next: ContractForm[K]) =>
    onChange({ ...value, [key]: next });
  const registrationWarning = registrationHint(value.registrationNo) ?? warning ?? null;
  return (
    <View className={`ah-intent-contract${title ? ' ah-intent-sheet__contract' : ''}`}>
      {title ? <Text className="ah-intents__section">{title}</Text> : null}
      <FormField label="合同类型" required error={errors[`${prefix}type`]}>
        <View className="ah-intents__chips" role="radiogroup" aria-label="合同类型">
          {CONTRACT_TYPES.map((type) => (
            <View
              key={type}
              role="radio"
              aria-checked={value.type === type}
              className={`ah-intents__chip${value.type === type ? ' ah-intents__chip--on' : ''}`}
              onClick={() => set('type', type)}
            >
              <Text>{CONTRACT_TYPE_LABELS[type]}</Text>
            </View>
          ))}
        </View>
      </FormField>
      <View className="ah-intents__pair">
        <FormField label="成交额（万元）" required error={errors[`${prefix}amount`]}>
          <Input
            className="ah-intents__input"
            type="digit"
            aria-label="成交额（万元）"
            value={value.amount}
            placeholder="如 120"
            onInput={(e) => set('amount', e.detail.value)}
          />
        </FormField>
        <FormField label="技术交易额（万元）" error={errors[`${prefix}techAmount`]} hint="不超过成交额">
          <Input
            className="ah-intents__input"
            type="digit"
            aria-label="技术交易额（万元）"
            value={value.techAmount}
            placeholder="可不填"
            onInput={(e) => set('techAmount', e.detail.value)}
          />
        </FormField>
      </View>
      <View className="ah-intents__pair">
        <FormField label="签订日期" required error={errors[`${prefix}signedAt`]}>
          <Picker
            mode="date"
            value={value.signedDate}
            end="2099-12-31"
            onChange={(e) => set('signedDate', String(e.detail.value))}
          >
            <Text className="ah-intents__picker">{value.signedDate || '选择日期'}</Text>
          </Picker>
        </FormField>
        <FormField label="期限（月）" error={errors[`${prefix}termMonths`]}>
          <Input
            className="ah-intents__input"
            type="number"
            aria-label="期限（月）"
            value={value.termMonths}
            placeholder="如 24"
            onInput={(e) => set('termMonths', e.detail.value)}
          />
        </FormField>
      </View>
      <FormField
        label="技术合同登记号"
        error={errors[`${prefix}registrationNo`]}
        hint={registrationWarning ? undefined : '各省格式不同，填写登记证明上的编号'}
      >
        <Input
          className="ah-intents__input"
          aria-label="技术合同登记号"
          value={value.registrationNo}
          placeholder="如 2025230104000123（可稍后补填）"
          onInput={(e) => set('registrationNo', e.detail.value)}
        />
      </FormField>
      {registrationWarning && !errors[`${prefix}registrationNo`] ? (
        <View className="ah-intents__warning" role="note">
          ⚠ {registrationWarning}（仍可保存）
        </View>
      ) : null}
    </View>
  );
}
