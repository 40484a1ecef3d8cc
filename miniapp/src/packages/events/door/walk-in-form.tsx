import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
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

  const submit = async () => {
    if (form.name.trim().length < 1) return setError('请填写姓名');
    if (form.mobile?.trim() && !/^1[3-9]\d{9}$/.test(form.mobile.trim())) {
      return setError('请输入 11 位手机号');
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
        maxlength={40}
        onInput={set('name')}
      />
      <Input
        className="ah-door__input"
        placeholder="单位"
        aria-label="单位"
        value={form.organization}
        maxlength={80}
        onInput={set('organization')}
      />
      <Input
        className="ah-door__input"
        placeholder="手机号"
        aria-label="手机号"
        type="number"
        value={form.mobile}
        maxlength={11}
        onInput={set('mobile')}
      />
      {error ? <Text className="ah-door__form-error">{error}</Text> : null}
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
