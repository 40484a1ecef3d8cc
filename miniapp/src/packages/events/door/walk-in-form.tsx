import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { normalizeMobile } from '@alliance-hub/types';
import { PHONE_INPUT_PROPS } from '../../../utils/phone-input';
import { NO_CUT, overLimitMessage } from '../../../utils/text-limit';
import type { WalkInForm } from './use-door';

/** 现场登记: name (required), organization and mobile; registers and checks in in one step. */
export function DoorWalkInForm({
  busy,
  onSubmit,
  onCancel,
}: {
  busy: boolean;
  onSubmit: (form: WalkInForm) => Promise<void>;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<WalkInForm>({ name: '', organization: '', mobile: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof WalkInForm) => (event: { detail: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.detail.value }));

  // Typing is never cut off: an over-long name or organization is named here and refused.
  const nameTooLong = overLimitMessage(form.name, 40);
  const orgTooLong = overLimitMessage(form.organization ?? '', 80);
  const tooLong = nameTooLong ? `姓名${nameTooLong}` : orgTooLong ? `单位${orgTooLong}` : null;

  const submit = async () => {
    if (form.name.trim().length < 1) return setError('请填写姓名');
    if (tooLong) return setError(tooLong);
    // The shared rule: spaces, dashes and a +86 prefix are fine, as people type them.
    if (form.mobile?.trim() && !normalizeMobile(form.mobile)) {
      return setError('请输入 11 位手机号码');
    }
    setError(null);
    await onSubmit(form);
    setForm({ name: '', organization: '', mobile: '' });
  };

  return (
    <View className="ah-door__walk-in ah-card">
      <Text className="ah-card__title">现场登记</Text>
      <Input
        className="ah-door__input"
        placeholder="姓名（必填）"
        aria-label="姓名"
        value={form.name}
        maxlength={NO_CUT}
        onInput={set('name')}
      />
      <Input
        className="ah-door__input"
        placeholder="单位"
        aria-label="单位"
        value={form.organization}
        maxlength={NO_CUT}
        onInput={set('organization')}
      />
      <Input
        className="ah-door__input"
        placeholder="手机号"
        aria-label="手机号"
        {...PHONE_INPUT_PROPS}
        value={form.mobile}
        maxlength={20}
        onInput={set('mobile')}
      />
      {tooLong || error ? <Text className="ah-door__form-error">{tooLong ?? error}</Text> : null}
      <View className="ah-door__row-actions">
        <Button className="ah-door__button ah-door__button--ghost" onClick={onCancel}>
          取消
        </Button>
        <Button
          className="ah-door__button ah-door__walk-in-submit"
          disabled={busy || undefined}
          onClick={() => void submit()}
        >
          登记并签到
        </Button>
      </View>
    </View>
  );
}
