import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import {
  FUNDING_STATUSES,
  FUNDING_STATUS_LABELS,
  FundingList,
  INTENT_LIMITS,
  type FundingInput,
  type FundingStatus,
  type FundingView,
  type IntentView,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { updateIntent } from '../../../services/intents';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import {
  conflictCurrent,
  dayText,
  errorText,
  isoFromShanghaiDate,
  shanghaiDate,
  wanText,
} from '../intent-format';

const asInput = (f: FundingView): FundingInput => ({
  id: f.id,
  programme: f.programme,
  amount: f.amount,
  status: f.status,
  at: f.at,
});

/** 资金: programmes applied for, approved and received (e.g. 省重点研发计划), in 万元. */
export function FundingCard({
  intent,
  onSaved,
  onConflict,
}: {
  intent: IntentView;
  onSaved: (next: IntentView) => void;
  onConflict: (theirs: IntentView) => void;
}) {
  const [adding, setAdding] = useState(false);
  const [programme, setProgramme] = useState('');
  const [amount, setAmount] = useState('');
  const [status, setStatus] = useState<FundingStatus>('applied');
  const [date, setDate] = useState(shanghaiDate());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const saveList = async (funding: FundingInput[]) => {
    const parsed = FundingList.safeParse(funding);
    if (!parsed.success) {
      // Only the new entry (last) can be wrong: stored ones passed the same schema.
      const last = funding.length - 1;
      setErrors(
        Object.fromEntries(
          Object.entries(zodFieldErrors(parsed.error)).map(([key, message]) => [
            key.replace(`${last}.`, ''),
            message,
          ]),
        ),
      );
      return;
    }
    setBusy(true);
    try {
      onSaved(await updateIntent(intent.id, { version: intent.version, funding }));
      setAdding(false);
      setProgramme('');
      setAmount('');
      setErrors({});
    } catch (failure) {
      const theirs = conflictCurrent<IntentView>(failure);
      if (theirs) {
        onConflict(theirs);
        return;
      }
      const fields = serverFieldErrors(failure);
      setErrors(Object.keys(fields).length > 0 ? fields : { form: errorText(failure, '保存失败') });
    } finally {
      setBusy(false);
    }
  };

  const add = () => {
    const value = Number(amount.trim());
    const entry = {
      programme: programme.trim(),
      amount: amount.trim() === '' || !Number.isFinite(value) ? (undefined as unknown as number) : value,
      status,
      at: isoFromShanghaiDate(date),
    };
    void saveList([...intent.funding.map(asInput), entry]);
  };

  const changeStatus = (item: FundingView, next: FundingStatus) =>
    void saveList(
      intent.funding.map((f) => (f.id === item.id ? { ...asInput(f), status: next } : asInput(f))),
    );

  const remove = async (item: FundingView) => {
    const { confirm } = await Taro.showModal({
      title: '删除资金记录',
      content: `删除「${item.programme}」${wanText(item.amount)}？`,
      confirmText: '删除',
      confirmColor: '#c0392b',
    });
    if (confirm) void saveList(intent.funding.filter((f) => f.id !== item.id).map(asInput));
  };

  return (
    <View className="ah-card ah-intent-detail__funding" data-section="funding">
      <Text className="ah-card__title">项目资金</Text>
      {intent.funding.length === 0 ? (
        <Text className="ah-intents__muted">
          {intent.canEdit ? '申报了科技计划或获得资金支持时在这里登记' : '暂无资金记录'}
        </Text>
      ) : (
        intent.funding.map((item) => (
          <View key={item.id} className="ah-intent-detail__funding-row">
            <View className="ah-intent-detail__party-main">
              <Text>{item.programme}</Text>
              <Text className="ah-intents__muted">
                {wanText(item.amount)} · {dayText(item.at)}
              </Text>
            </View>
            {intent.canEdit ? (
              <>
                <Picker
                  mode="selector"
                  range={FUNDING_STATUSES.map((s) => FUNDING_STATUS_LABELS[s])}
                  value={FUNDING_STATUSES.indexOf(item.status)}
                  onChange={(e) => changeStatus(item, FUNDING_STATUSES[Number(e.detail.value)])}
                >
                  <Text className="ah-intents__badge">{FUNDING_STATUS_LABELS[item.status]} ▾</Text>
                </Picker>
                <Text className="ah-intent-detail__remove" onClick={() => void remove(item)}>
                  删除
                </Text>
              </>
            ) : (
              <Text className="ah-intents__badge">{FUNDING_STATUS_LABELS[item.status]}</Text>
            )}
          </View>
        ))
      )}
      {errors.form ? (
        <View className="ah-intents__error" role="alert">
          <Text>{errors.form}</Text>
        </View>
      ) : null}
      {intent.canEdit && adding ? (
        <View className="ah-intent-detail__funding-form">
          <FormField
            label="计划或项目"
            required
            error={errors.programme}
            limit={INTENT_LIMITS.programme}
            value={programme}
          >
            <Input
              className="ah-intents__input"
              aria-label="计划或项目"
              value={programme}
              placeholder="如 省重点研发计划"
              onInput={(e) => setProgramme(e.detail.value)}
            />
          </FormField>
          <View className="ah-intents__pair">
            <FormField label="金额（万元）" required error={errors.amount}>
              <Input
                className="ah-intents__input"
                type="digit"
                aria-label="金额（万元）"
                value={amount}
                onInput={(e) => setAmount(e.detail.value)}
              />
            </FormField>
            <FormField label="日期" error={errors.at}>
              <Picker mode="date" value={date} onChange={(e) => setDate(String(e.detail.value))}>
                <Text className="ah-intents__picker">{date}</Text>
              </Picker>
            </FormField>
          </View>
          <View className="ah-intents__chips" role="radiogroup" aria-label="资金状态">
            {FUNDING_STATUSES.map((s) => (
              <View
                key={s}
                role="radio"
                aria-checked={status === s}
                className={`ah-intents__chip${status === s ? ' ah-intents__chip--on' : ''}`}
                onClick={() => setStatus(s)}
              >
                <Text>{FUNDING_STATUS_LABELS[s]}</Text>
              </View>
            ))}
          </View>
          <View className="ah-intents__actions">
            <Button className="ah-intents__button" onClick={() => setAdding(false)}>
              取消
            </Button>
            <Button
              className="ah-intents__button ah-intents__button--primary"
              disabled={busy || undefined}
              loading={busy || undefined}
              onClick={add}
            >
              保存
            </Button>
          </View>
        </View>
      ) : intent.canEdit ? (
        <Button className="ah-intents__button ah-intents__button--small" onClick={() => setAdding(true)}>
          登记资金
        </Button>
      ) : null}
    </View>
  );
}
