import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  DEFAULT_STALE_DAYS,
  INTENT_STAGE_LABELS,
  STALE_STAGES,
  atLeast,
  type IntentSettingsView,
  type StaleStage,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { getIntentSettings, saveIntentSettings } from '../../../services/intents';
import { useSession } from '../../../stores/session-store';
import { serverFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { conflictCurrent, errorText, shanghaiDate } from '../intent-format';
import {
  changedStages,
  checkSettingsForm,
  defaultStaleDaysForm,
  isDefault,
  staleDaysForm,
  type StaleDaysForm,
} from '../settings-form';
import '../intents.scss';
import './index.scss';

const STAGE_HINTS: Record<StaleStage, string> = {
  lead: '刚接触，尚未形成意向',
  intent: '双方有合作意愿',
  negotiating: '正在商谈方案和条款',
  signed: '合同已签，等待启动',
  executing: '项目执行中',
};

/**
 * 停滞提醒设置 (secretariat): how many days without logged contact make an active intent stale
 * at each stage — the board's badge, the owner's 我的待办 and the daily digest follow it.
 * Coordinators see the numbers read-only. Saved with the version loaded: a 409 shows who saved.
 */
export default function IntentSettingsPage() {
  const me = useSession().user;
  const staff = me ? atLeast(me.role, 'coordinator') : false;
  const editable = me?.role === 'secretariat';
  const [saved, setSaved] = useState<IntentSettingsView | null>(null);
  const [form, setForm] = useState<StaleDaysForm>(defaultStaleDaysForm);
  const [loadError, setLoadError] = useState<PageShellError | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [conflict, setConflict] = useState<IntentSettingsView | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const settings = await getIntentSettings();
      setSaved(settings);
      setForm(staleDaysForm(settings.staleDays));
      setConflict(null);
      setErrors({});
      setBanner(null);
    } catch (failure) {
      setLoadError({ message: errorText(failure, '加载失败') });
    }
  }, []);
  useEffect(() => {
    if (staff) void load();
  }, [load, staff]);

  const set = (stage: StaleStage, value: string) => {
    setForm((current) => ({ ...current, [stage]: value }));
    setErrors((current) => ({ ...current, [`staleDays.${stage}`]: '' }));
    setBanner(null);
  };

  const save = async () => {
    if (!saved) return;
    const check = checkSettingsForm(form, saved.version);
    if (!check.ok) {
      setErrors(check.errors);
      setBanner(check.errors.version ?? '请检查标红的天数');
      return;
    }
    setSaving(true);
    try {
      const next = await saveIntentSettings(check.body);
      setSaved(next);
      setForm(staleDaysForm(next.staleDays));
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (failure) {
      const current = conflictCurrent<IntentSettingsView>(failure);
      if (current) {
        // Their numbers are not put over mine silently: the card says who saved and offers theirs.
        setConflict(current);
        return;
      }
      setErrors(serverFieldErrors(failure));
      setBanner(errorText(failure, '保存失败，请稍后重试'));
    } finally {
      setSaving(false);
    }
  };

  if (!staff) {
    return (
      <View className="ah-page">
        <PageShell empty emptyState={{ title: '停滞提醒设置供联盟工作人员使用', hint: '由秘书处统一设置' }} />
      </View>
    );
  }

  const changed = saved ? changedStages(form, saved) : [];
  return (
    <View className="ah-page ah-intent-settings">
      <PageShell loading={!saved && !loadError} error={loadError} onRetry={() => void load()}>
        {conflict ? (
          <View className="ah-card ah-intent-settings__conflict" role="alert">
            <Text className="ah-card__title">设置刚被其他人修改，你的修改还没有保存</Text>
            <Text className="ah-intents__muted">
              {conflict.updatedBy?.displayName ?? '其他同事'}
              {conflict.updatedAt ? `于 ${shanghaiDate(conflict.updatedAt)} ` : ''}保存为：
              {STALE_STAGES.map((s) => `${INTENT_STAGE_LABELS[s]} ${conflict.staleDays[s]} 天`).join('、')}
              。载入最新设置会放弃本页未保存的修改。
            </Text>
            <Button className="ah-intents__button ah-intents__button--small" onClick={() => void load()}>
              载入最新设置
            </Button>
          </View>
        ) : null}
        <View className="ah-card">
          <Text className="ah-card__title">停滞天数</Text>
          <Text className="ah-intents__muted ah-intent-settings__lead">
            推进中的合作意向在某阶段超过设定天数没有联系记录，即标为「停滞」：看板上显示停滞标记，并出现在负责人的我的待办和秘书处的每日提醒中。
          </Text>
          {STALE_STAGES.map((stage) => (
            <FormField
              key={stage}
              label={`${INTENT_STAGE_LABELS[stage]}阶段`}
              required={editable}
              error={errors[`staleDays.${stage}`] || null}
              hint={`${STAGE_HINTS[stage]} · 默认 ${DEFAULT_STALE_DAYS[stage]} 天`}
            >
              {editable ? (
                <View className="ah-intent-settings__row">
                  <Input
                    className="ah-intents__input ah-intent-settings__input"
                    type="number"
                    aria-label={`${INTENT_STAGE_LABELS[stage]}阶段停滞天数`}
                    value={form[stage]}
                    maxlength={3}
                    onInput={(e) => set(stage, e.detail.value)}
                  />
                  <Text className="ah-intent-settings__unit">天</Text>
                </View>
              ) : (
                <Text
                  className="ah-intent-settings__value"
                  aria-label={`${INTENT_STAGE_LABELS[stage]}阶段停滞天数`}
                >
                  {form[stage]} 天
                </Text>
              )}
            </FormField>
          ))}
          <Text className="ah-intents__muted ah-intent-settings__end">产业化是合作链的终点，不计停滞。</Text>
        </View>
        {banner ? (
          <View className="ah-intents__error" role="alert">
            <Text>{banner}</Text>
          </View>
        ) : null}
        {editable ? (
          <View className="ah-intents__actions">
            <Button
              className="ah-intents__button"
              disabled={isDefault(form) || saving || undefined}
              onClick={() => {
                setForm(defaultStaleDaysForm());
                setErrors({});
                setBanner('已填入默认天数，保存后生效');
              }}
            >
              恢复默认
            </Button>
            <Button
              className="ah-intents__button ah-intents__button--primary ah-intent-settings__save"
              disabled={saving || changed.length === 0 || undefined}
              loading={saving || undefined}
              onClick={() => void save()}
            >
              {changed.length > 0 ? `保存（${changed.length} 项修改）` : '保存'}
            </Button>
          </View>
        ) : (
          <View className="ah-intents__warning" role="note">
            <Text>停滞天数由秘书处设置，如需调整请联系秘书处。</Text>
          </View>
        )}
        {saved ? (
          <Text className="ah-intents__muted ah-intent-settings__meta">
            {saved.updatedAt
              ? `第 ${saved.version} 版 · ${saved.updatedBy?.displayName ?? ''} 保存于 ${shanghaiDate(saved.updatedAt)}`
              : '尚未修改过，当前为默认天数'}
          </Text>
        ) : null}
      </PageShell>
    </View>
  );
}
