import { useRef, useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import {
  INTENT_LIMITS,
  INTENT_STAGES,
  INTENT_STAGE_LABELS,
  LOST_REASONS,
  LOST_REASON_LABELS,
  type IntentStage,
  type IntentSummaryView,
  type IntentView,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { moveIntent } from '../../../services/intents';
import { serverFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { conflictCurrent, errorText, shanghaiDate } from '../intent-format';
import {
  asksForContract,
  checkStageForm,
  emptyStageForm,
  type StageForm,
  type StageTarget,
} from '../stage-form';
import { ContractFields } from './contract-fields';
import { StageDateField } from './stage-date-field';

const STATUS_TARGETS: Array<{ value: StageTarget; label: string }> = [
  { value: 'on_hold', label: '暂缓' },
  { value: 'lost', label: '未成' },
  { value: 'done', label: '完成' },
];

export interface StageSheetProps {
  intent: IntentSummaryView;
  /** Preselected target, e.g. the column a card was dropped on. */
  target: StageTarget;
  onDone: (updated: IntentView) => void;
  /** Someone else saved first: the intent as they left it. */
  onConflict: (current: IntentSummaryView) => void;
  onCancel: () => void;
}

/**
 * 变更阶段: the one prompt for every stage or status change (phone list, intent page, board drop).
 * It shows what the server will record — the day (earlier days are flagged 补记), the note, the
 * reason for 未成, the contract when entering 签约 — and saves with the version shown.
 */
export function StageSheet({ intent, target, onDone, onConflict, onCancel }: StageSheetProps) {
  const [form, setForm] = useState<StageForm>(() => emptyStageForm(target));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = useRef(shanghaiDate()).current;
  const set = <K extends keyof StageForm>(key: K, value: StageForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors({});
    setBanner(null);
  };
  const reopening = intent.status !== 'active';
  const contractNeeded = asksForContract(form.target, intent);

  const save = async () => {
    const check = checkStageForm(form, intent);
    if (!check.ok) {
      setErrors(check.errors);
      setBanner('请检查标红的项目');
      return;
    }
    setBusy(true);
    try {
      onDone(await moveIntent(intent.id, check.body));
    } catch (failure) {
      const current = conflictCurrent(failure);
      if (current) {
        onConflict(current);
        return;
      }
      const fields = serverFieldErrors(failure);
      setErrors(fields);
      setBanner(errorText(failure, '保存失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="ah-intent-sheet" role="dialog" aria-label="变更阶段">
      <View className="ah-intent-sheet__backdrop" onClick={busy ? undefined : onCancel} />
      <View className="ah-intent-sheet__panel">
        <Text className="ah-card__title">变更阶段</Text>
        <Text className="ah-intents__muted ah-intent-sheet__topic">
          {intent.topic} · 当前：{INTENT_STAGE_LABELS[intent.stage]}
        </Text>
        <View className="ah-intents__chips" role="radiogroup" aria-label="变更为">
          {INTENT_STAGES.map((stage: IntentStage) => (
            <Chip
              key={stage}
              on={form.target === stage}
              label={
                stage === intent.stage ? `${INTENT_STAGE_LABELS[stage]}（当前）` : INTENT_STAGE_LABELS[stage]
              }
              disabled={stage === intent.stage && !reopening}
              onClick={() => set('target', stage)}
            />
          ))}
        </View>
        <View className="ah-intents__chips" role="radiogroup" aria-label="状态">
          {reopening ? (
            <Chip on={form.target === 'active'} label="重新推进" onClick={() => set('target', 'active')} />
          ) : null}
          {STATUS_TARGETS.filter((s) => s.value !== intent.status).map((s) => (
            <Chip
              key={s.value}
              on={form.target === s.value}
              label={s.label}
              onClick={() => set('target', s.value)}
            />
          ))}
        </View>

        {form.target === 'lost' ? (
          <View className="ah-intent-sheet__lost">
            <FormField label="未成原因" required error={errors.lostReason}>
              <View className="ah-intents__chips" role="radiogroup" aria-label="未成原因">
                {LOST_REASONS.map((reason) => (
                  <Chip
                    key={reason}
                    on={form.lostReason === reason}
                    label={LOST_REASON_LABELS[reason]}
                    onClick={() => set('lostReason', reason)}
                  />
                ))}
              </View>
            </FormField>
            <FormField
              label="经过"
              required
              error={errors.lostNote}
              limit={INTENT_LIMITS.lostNote}
              value={form.lostNote}
            >
              <Textarea
                className="ah-intents__textarea"
                aria-label="未成经过"
                value={form.lostNote}
                placeholder="简要说明为什么没有成（仅工作人员可见）"
                onInput={(e) => set('lostNote', e.detail.value)}
              />
            </FormField>
          </View>
        ) : null}

        {contractNeeded ? (
          <ContractFields
            title="合同信息（进入签约需填写）"
            value={form.contract}
            onChange={(contract) => set('contract', contract)}
            errors={errors}
          />
        ) : null}

        <StageDateField
          label="发生日期"
          hint="默认今天；补录以前的进展请选当时的日期"
          value={form.date}
          today={today}
          error={errors.at}
          onChange={(date) => set('date', date)}
        />
        <FormField label="备注" error={errors.note} limit={INTENT_LIMITS.note} value={form.note}>
          <Textarea
            className="ah-intents__textarea"
            aria-label="备注"
            value={form.note}
            placeholder="推进情况、下一步（仅工作人员可见）"
            onInput={(e) => set('note', e.detail.value)}
          />
        </FormField>
        {banner ? (
          <View className="ah-intents__error" role="alert">
            {banner}
          </View>
        ) : null}
        <View className="ah-intents__actions">
          <Button className="ah-intents__button" disabled={busy || undefined} onClick={onCancel}>
            取消
          </Button>
          <Button
            className="ah-intents__button ah-intents__button--primary ah-intent-sheet__save"
            disabled={busy || undefined}
            loading={busy || undefined}
            onClick={() => void save()}
          >
            确认变更
          </Button>
        </View>
      </View>
    </View>
  );
}

export function Chip({
  on,
  label,
  disabled,
  onClick,
}: {
  on: boolean;
  label: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <View
      role="radio"
      aria-checked={on}
      aria-disabled={disabled || undefined}
      className={`ah-intents__chip${on ? ' ah-intents__chip--on' : ''}${disabled ? ' ah-intents__chip--disabled' : ''}`}
      onClick={disabled ? undefined : onClick}
    >
      <Text>{label}</Text>
    </View>
  );
}
