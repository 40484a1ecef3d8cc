import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import {
  KPI_DEFINITIONS,
  MANUAL_KPI_DEFINITIONS,
  MANUAL_KPIS,
  STAT_KPIS,
  TargetsPutBody,
  type ManualKpiKey,
  type StatKpi,
  type TargetsView,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { getTargets, putTargets } from '../../../services/stats';
import { ApiError } from '../../../utils/api-error';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { clampYear } from '../stats-format';
import '../stats.scss';
import './index.scss';

type ManualDraft = {
  key: ManualKpiKey;
  label: string;
  unit: string;
  target: string;
  value: string;
  source: string;
  asOf: string;
};

const COUNTED = STAT_KPIS.filter((kpi) => kpi !== 'matches_acted');
const num = (text: string) => (text.trim() === '' ? null : Number(text));
const draftOf = (view: TargetsView) => ({
  targets: Object.fromEntries(COUNTED.map((kpi) => [kpi, view.targets[kpi]?.toString() ?? ''])) as Record<
    StatKpi,
    string
  >,
  manual: view.manual.map((m) => ({
    key: m.key,
    label: m.key === 'other' ? m.label : '',
    unit: m.key === 'other' ? m.unit : '',
    target: m.target?.toString() ?? '',
    value: m.value?.toString() ?? '',
    source: m.source,
    asOf: m.asOf ?? '',
  })),
});

/** 年度目标: the secretariat sets each KPI's target and enters the figures the product cannot count. */
export default function TargetsPage() {
  const { params } = useRouter();
  const year = clampYear(Number(params.year) || new Date().getFullYear());
  const [view, setView] = useState<TargetsView | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);
  const [targets, setTargets] = useState<Record<StatKpi, string>>({} as Record<StatKpi, string>);
  const [manual, setManual] = useState<ManualDraft[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<TargetsView | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const v = await getTargets(year);
      setView(v);
      const d = draftOf(v);
      setTargets(d.targets);
      setManual(d.manual);
      setConflict(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure : { message: '加载失败' });
    }
  }, [year]);
  useEffect(() => void load(), [load]);

  const save = async () => {
    if (!view) return;
    const body = {
      version: view.version,
      targets: Object.fromEntries(COUNTED.map((kpi) => [kpi, num(targets[kpi] ?? '')])),
      manual: manual.map((m) => ({
        key: m.key,
        ...(m.key === 'other' ? { label: m.label, unit: m.unit } : {}),
        target: num(m.target),
        value: num(m.value),
        source: m.source,
        asOf: m.asOf || null,
      })),
    };
    const parsed = TargetsPutBody.safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      void Taro.showToast({ title: '请检查标红的项', icon: 'none' });
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      const saved = await putTargets(year, body);
      setView(saved);
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) {
        setConflict((failure.details as { current?: TargetsView } | undefined)?.current ?? null);
      } else {
        setErrors(serverFieldErrors(failure));
        void Taro.showToast({ title: failure instanceof Error ? failure.message : '保存失败', icon: 'none' });
      }
    } finally {
      setSaving(false);
    }
  };

  const setManualField = (index: number, field: keyof ManualDraft, value: string) =>
    setManual((list) => list.map((m, i) => (i === index ? { ...m, [field]: value } : m)));
  const removeManual = async (index: number) => {
    const { confirm } = await Taro.showModal({ title: '删除这项填报指标？', content: '保存后生效。' });
    if (confirm) setManual((list) => list.filter((_, i) => i !== index));
  };

  return (
    <View className="ah-page ah-targets">
      <PageShell loading={!view && !error} error={error} onRetry={() => void load()}>
        {conflict ? (
          <View className="ah-card ah-targets__conflict" role="alert">
            <Text className="ah-card__title">目标已被他人修改</Text>
            <Text className="ah-card__text">
              {conflict.updatedBy?.displayName ?? '其他人'}刚保存了第 {conflict.version}{' '}
              版。重新载入会放弃本页未保存的修改。
            </Text>
            <Button className="ah-stats__action" onClick={() => void load()}>
              载入最新目标
            </Button>
          </View>
        ) : null}
        <View className="ah-card">
          <Text className="ah-card__title">{year} 年目标</Text>
          <Text className="ah-card__text">
            留空表示不设目标。金额单位为万元。看板按全年匀速进度判断是否落后。
          </Text>
          {COUNTED.map((kpi) => (
            <FormField
              key={kpi}
              label={`${KPI_DEFINITIONS[kpi].label}（${KPI_DEFINITIONS[kpi].unit}）`}
              error={errors[`targets.${kpi}`]}
            >
              <Input
                className="ah-targets__input"
                type="digit"
                value={targets[kpi] ?? ''}
                placeholder="不设目标"
                onInput={(e) => setTargets((t) => ({ ...t, [kpi]: e.detail.value }))}
              />
            </FormField>
          ))}
        </View>
        <View className="ah-card">
          <Text className="ah-card__title">填报指标</Text>
          <Text className="ah-card__text">
            系统无法统计的数字（研发投入增长、新增高企、知识价值信用贷款等），请注明来源和日期。
          </Text>
          {manual.map((m, index) => (
            <View key={index} className="ah-targets__manual">
              <Picker
                mode="selector"
                range={MANUAL_KPIS.map((k) => MANUAL_KPI_DEFINITIONS[k].label)}
                value={MANUAL_KPIS.indexOf(m.key)}
                onChange={(e) => setManualField(index, 'key', MANUAL_KPIS[Number(e.detail.value)])}
              >
                <Text className="ah-targets__picker">{MANUAL_KPI_DEFINITIONS[m.key].label} ▾</Text>
              </Picker>
              {m.key === 'other' ? (
                <FormField label="指标名称" required error={errors[`manual.${index}.label`]}>
                  <Input
                    className="ah-targets__input"
                    value={m.label}
                    onInput={(e) => setManualField(index, 'label', e.detail.value)}
                  />
                </FormField>
              ) : null}
              <FormField
                label={`数值（${m.key === 'other' ? m.unit || '—' : MANUAL_KPI_DEFINITIONS[m.key].unit}）`}
                error={errors[`manual.${index}.value`]}
              >
                <Input
                  className="ah-targets__input"
                  type="digit"
                  value={m.value}
                  onInput={(e) => setManualField(index, 'value', e.detail.value)}
                />
              </FormField>
              <FormField label="目标" error={errors[`manual.${index}.target`]}>
                <Input
                  className="ah-targets__input"
                  type="digit"
                  value={m.target}
                  onInput={(e) => setManualField(index, 'target', e.detail.value)}
                />
              </FormField>
              <FormField label="数据来源" required error={errors[`manual.${index}.source`]}>
                <Input
                  className="ah-targets__input"
                  value={m.source}
                  placeholder="如：市统计局季度快报"
                  onInput={(e) => setManualField(index, 'source', e.detail.value)}
                />
              </FormField>
              <FormField label="数据日期" required error={errors[`manual.${index}.asOf`]}>
                <Picker
                  mode="date"
                  value={m.asOf}
                  onChange={(e) => setManualField(index, 'asOf', e.detail.value)}
                >
                  <Text className="ah-targets__picker">{m.asOf || '选择日期'}</Text>
                </Picker>
              </FormField>
              <Text className="ah-targets__remove" onClick={() => void removeManual(index)}>
                删除此项
              </Text>
            </View>
          ))}
          <Button
            className="ah-stats__action"
            onClick={() =>
              setManual((list) => [
                ...list,
                { key: 'new_high_tech', label: '', unit: '', target: '', value: '', source: '', asOf: '' },
              ])
            }
          >
            添加填报指标
          </Button>
        </View>
        <Button className="ah-targets__save" loading={saving} disabled={saving} onClick={() => void save()}>
          保存目标
        </Button>
        {view?.updatedAt ? (
          <Text className="ah-stats__muted">
            第 {view.version} 版 · {view.updatedBy?.displayName ?? ''} 保存于 {view.updatedAt.slice(0, 10)}
          </Text>
        ) : null}
      </PageShell>
    </View>
  );
}
