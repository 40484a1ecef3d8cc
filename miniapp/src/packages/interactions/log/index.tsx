import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  INTERACTION_NOTE_MAX,
  INTERACTION_TYPE_LABELS,
  INTERACTION_VISIBILITIES,
  INTERACTION_VISIBILITY_LABELS,
  InteractionCreateBody,
  LOGGABLE_INTERACTION_TYPES,
  TASK_TITLE_MAX,
  atLeast,
  type StaffUserView,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { OutboxStatus } from '../../../components/outbox-status';
import { listStaffUsers } from '../../../services/events';
import { logInteraction } from '../../../services/interactions';
import { useSession } from '../../../stores/session-store';
import {
  INTERACTION_KIND,
  appOutbox,
  isOnline,
  newClientId,
  reportNetworkFailure,
  reportNetworkSuccess,
} from '../../../offline';
import { ApiError } from '../../../utils/api-error';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { askForTaskReminders } from '../../../utils/ask-task-reminders';
import { FORM_ALERT_CLASS, useRevealFirstError } from '../../../utils/reveal-first-error';
import type { QuickLogTarget } from '../../../pages/me/interaction-routes';
import { bodyFromQuickLog, emptyQuickLog, quickLogLabel, withUnlisted, type QuickLogForm } from '../log-form';
import { ParticipantPicker } from './participant-picker';
import './index.scss';

/** Errors worth queueing for later rather than showing: the server was never reached or is down. */
const isTransient = (error: unknown) =>
  error instanceof ApiError && (error.status === 0 || error.status >= 500);

/** Router params arrive still percent-encoded in the H5 build (names are Chinese); decode once. */
function param(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const errorFor = (errors: FieldErrors, ...keys: string[]) =>
  keys
    .map((key) => errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1])
    .find(Boolean);

/**
 * 记一笔: the quick log. Opened from a person, an organization, an attendee or a contact with
 * the participants filled in, so the common case is the type and 保存. Without a network the
 * log (and its follow-up) goes into the outbox with its client id and syncs later, once.
 */
export default function QuickLogPage() {
  const { params } = useRouter();
  const target = useMemo<QuickLogTarget>(
    () => ({
      personId: param(params.personId),
      personName: param(params.personName),
      orgId: param(params.orgId),
      orgName: param(params.orgName),
      eventId: param(params.eventId),
      eventTitle: param(params.eventTitle),
      unlistedName: param(params.unlistedName),
      unlistedOrg: param(params.unlistedOrg),
    }),
    [params],
  );
  const [form, setForm] = useState<QuickLogForm>(() => emptyQuickLog(target, new Date()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // One client id per log: a retry, or the outbox later, sends the same one and the server keeps one.
  const clientId = useRef(newClientId());
  const reveal = useRevealFirstError();
  const [extraName, setExtraName] = useState('');
  const [extraOrg, setExtraOrg] = useState('');
  const me = useSession().user;
  const [staff, setStaff] = useState<StaffUserView[]>([]);

  // Owners to hand the follow-up to: other staff. Members log for their organization and keep it.
  useEffect(() => {
    if (!me || !atLeast(me.role, 'coordinator')) return;
    void listStaffUsers().then(
      (users) => setStaff(users.filter((u) => u.id !== me.id)),
      () => setStaff([]),
    );
  }, [me]);

  const set = <K extends keyof QuickLogForm>(key: K, value: QuickLogForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors({});
    setBanner(null);
  };

  const done = (title: string) => {
    void Taro.showToast({ title, icon: 'success' });
    void Taro.navigateBack();
  };

  const queue = (body: InteractionCreateBody) => {
    appOutbox().enqueue({
      clientId: body.clientId,
      kind: INTERACTION_KIND,
      group: '',
      payload: body,
      label: quickLogLabel(form, INTERACTION_TYPE_LABELS[form.type]),
    });
    done('已保存，待同步');
  };

  const save = async () => {
    const body = bodyFromQuickLog(form, clientId.current, target);
    const parsed = InteractionCreateBody.safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      setBanner('请检查标红的项目');
      reveal();
      return;
    }
    // A natural moment to ask for one more WeChat reminder: still inside the tap, nothing awaited yet.
    if (form.followUp) void askForTaskReminders();
    if (!isOnline()) {
      queue(body);
      return;
    }
    setSaving(true);
    try {
      await logInteraction(body);
      reportNetworkSuccess();
      done(form.followUp ? '已记录，并加入待办' : '已记录');
    } catch (failure) {
      if (isTransient(failure)) {
        if ((failure as ApiError).status === 0) reportNetworkFailure();
        queue(body);
        return;
      }
      setErrors(serverFieldErrors(failure));
      setBanner(failure instanceof Error ? failure.message : '保存失败，请重试');
      reveal();
    } finally {
      setSaving(false);
    }
  };

  const who = form.participants.map((p) => (p.organization ? `${p.name}（${p.organization}）` : p.name));
  return (
    <View className="ah-page ah-quick-log">
      <OutboxStatus />
      {banner ? <Text className={`${FORM_ALERT_CLASS} ah-quick-log__banner`}>{banner}</Text> : null}
      <View className="ah-card">
        <FormField label="类型" required error={errors.type}>
          <View className="ah-quick-log__chips" role="radiogroup" aria-label="类型">
            {LOGGABLE_INTERACTION_TYPES.map((type) => (
              <View
                key={type}
                role="radio"
                aria-checked={form.type === type}
                className={`ah-quick-log__chip${form.type === type ? ' ah-quick-log__chip--on' : ''}`}
                onClick={() => set('type', type)}
              >
                {INTERACTION_TYPE_LABELS[type]}
              </View>
            ))}
          </View>
        </FormField>
        <FormField label="参与人" required error={errorFor(errors, 'participants')}>
          {who.length > 0 ? (
            <View className="ah-quick-log__people">
              {who.map((text, index) => (
                <View key={`${index}:${text}`} className="ah-quick-log__person">
                  <Text className="ah-quick-log__who">{text}</Text>
                  <View
                    className="ah-quick-log__remove"
                    role="button"
                    aria-label={`移除 ${text}`}
                    onClick={() =>
                      set(
                        'participants',
                        form.participants.filter((_, i) => i !== index),
                      )
                    }
                  >
                    ×
                  </View>
                </View>
              ))}
            </View>
          ) : (
            <Text className="ah-quick-log__who ah-quick-log__who--empty">
              搜索名录添加人员或单位；名录外的人填写姓名和单位，之后可关联名录
            </Text>
          )}
          <ParticipantPicker
            chosen={form.participants}
            onAdd={(participant) => set('participants', [...form.participants, participant])}
          />
          <View className="ah-quick-log__add">
            <Input
              className="ah-quick-log__input"
              aria-label="名录外人员姓名"
              value={extraName}
              placeholder="名录外人员姓名"
              onInput={(e) => setExtraName(e.detail.value)}
            />
            <Input
              className="ah-quick-log__input"
              aria-label="所在单位"
              value={extraOrg}
              placeholder="所在单位（选填）"
              onInput={(e) => setExtraOrg(e.detail.value)}
            />
            <Button
              className="ah-quick-log__add-button"
              disabled={!extraName.trim()}
              onClick={() => {
                set('participants', withUnlisted(form.participants, extraName, extraOrg));
                setExtraName('');
                setExtraOrg('');
              }}
            >
              添加
            </Button>
          </View>
          {target.eventTitle ? <Text className="ah-quick-log__event">活动：{target.eventTitle}</Text> : null}
        </FormField>
        <FormField label="时间" error={errors.at}>
          <View className="ah-quick-log__datetime">
            <Picker mode="date" value={form.date} onChange={(e) => set('date', String(e.detail.value))}>
              <Text className="ah-quick-log__picker">{form.date}</Text>
            </Picker>
            <Picker mode="time" value={form.time} onChange={(e) => set('time', String(e.detail.value))}>
              <Text className="ah-quick-log__picker">{form.time}</Text>
            </Picker>
          </View>
        </FormField>
        <FormField label="备注" error={errors.note} limit={INTERACTION_NOTE_MAX} value={form.note}>
          <Textarea
            className="ah-quick-log__note"
            aria-label="备注"
            value={form.note}
            placeholder="谈了什么、对方的需要（仅联盟工作人员可见）"
            onInput={(e) => set('note', e.detail.value)}
          />
        </FormField>
        <FormField label="可见范围" error={errors.visibility}>
          <View className="ah-quick-log__chips" role="radiogroup" aria-label="可见范围">
            {INTERACTION_VISIBILITIES.map((visibility) => (
              <View
                key={visibility}
                role="radio"
                aria-checked={form.visibility === visibility}
                className={`ah-quick-log__chip${form.visibility === visibility ? ' ah-quick-log__chip--on' : ''}`}
                onClick={() => set('visibility', visibility)}
              >
                {INTERACTION_VISIBILITY_LABELS[visibility]}
              </View>
            ))}
          </View>
        </FormField>
      </View>
      <View className="ah-card">
        <View
          className="ah-quick-log__toggle"
          role="checkbox"
          aria-checked={form.followUp}
          onClick={() => set('followUp', !form.followUp)}
        >
          <Text className={`ah-quick-log__box${form.followUp ? ' ah-quick-log__box--on' : ''}`}>
            {form.followUp ? '✓' : ''}
          </Text>
          <Text>添加跟进事项（加入我的待办）</Text>
        </View>
        {form.followUp ? (
          <View>
            <FormField
              label="下一步"
              required
              error={errors['followUp.title']}
              limit={TASK_TITLE_MAX}
              value={form.followUpTitle}
            >
              <Textarea
                className="ah-quick-log__title"
                aria-label="下一步"
                value={form.followUpTitle}
                placeholder="例如：寄送样品、约技术交流"
                onInput={(e) => set('followUpTitle', e.detail.value)}
              />
            </FormField>
            <FormField label="截止时间" required error={errors['followUp.dueAt']}>
              <View className="ah-quick-log__datetime">
                <Picker
                  mode="date"
                  value={form.followUpDate}
                  onChange={(e) => set('followUpDate', String(e.detail.value))}
                >
                  <Text className="ah-quick-log__picker">{form.followUpDate}</Text>
                </Picker>
                <Picker
                  mode="time"
                  value={form.followUpTime}
                  onChange={(e) => set('followUpTime', String(e.detail.value))}
                >
                  <Text className="ah-quick-log__picker">{form.followUpTime}</Text>
                </Picker>
              </View>
            </FormField>
            <FormField
              label="负责人"
              error={errors['followUp.ownerUserId']}
              hint="默认是我，也可交给其他工作人员"
            >
              <Picker
                mode="selector"
                range={['我', ...staff.map((u) => u.displayName)]}
                onChange={(e) => {
                  const index = Number(e.detail.value);
                  set('followUpOwnerId', index === 0 ? null : (staff[index - 1]?.id ?? null));
                }}
              >
                <Text className="ah-quick-log__picker">
                  {staff.find((u) => u.id === form.followUpOwnerId)?.displayName ?? '我'}
                </Text>
              </Picker>
            </FormField>
          </View>
        ) : null}
      </View>
      <View className="ah-quick-log__actions">
        <Button className="ah-quick-log__save" loading={saving} disabled={saving} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  );
}
