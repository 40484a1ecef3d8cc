import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  AGENDA_ITEM_KINDS,
  AGENDA_ITEM_KIND_LABELS,
  EVENT_KINDS,
  EVENT_KIND_LABELS,
  REGISTRATION_MODES,
  REGISTRATION_MODE_LABELS,
  STAFF_DUTIES,
  STAFF_DUTY_LABELS,
  type StaffUserView,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { createEvent, getEvent, listStaffUsers, updateEvent } from '../../../services/events';
import { useSession } from '../../../stores/session-store';
import { serverFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { FORM_ALERT_CLASS, useRevealFirstError } from '../../../utils/reveal-first-error';
import { NO_CUT } from '../../../utils/text-limit';
import { eventUrl } from '../labels';
import { AgendaLinkPicker } from './agenda-link-picker';
import {
  LINK_KIND,
  bodyFromForm,
  emptyForm,
  formFromEvent,
  patchFromForm,
  validateForm,
  type EventForm,
  type StaffDuty,
} from './event-form';
import '../events.scss';
import './index.scss';

const KIND_LABELS = EVENT_KINDS.map((k) => EVENT_KIND_LABELS[k]);
const DUTY_LABELS = STAFF_DUTIES.map((d) => STAFF_DUTY_LABELS[d]);

/** 创建 / 编辑活动: validated with the server's schema; the server's errors land on their fields. */
export default function EventEditPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const session = useSession();
  const [form, setForm] = useState<EventForm | null>(id ? null : emptyForm(new Date(), session.user));
  const [fields, setFields] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<PageShellError | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [duty, setDuty] = useState<StaffDuty>('checkin');
  const [staffOptions, setStaffOptions] = useState<StaffUserView[]>([]);
  const [staffIndex, setStaffIndex] = useState(0);
  const reveal = useRevealFirstError();

  useEffect(() => {
    // Who can be put on the staff; me first, so the common case is one tap.
    listStaffUsers()
      .then((users) => {
        const me = session.user?.id;
        setStaffOptions([...users.filter((u) => u.id === me), ...users.filter((u) => u.id !== me)]);
      })
      .catch(() => setStaffOptions([]));
  }, [session.user?.id]);

  useEffect(() => {
    if (!id) return;
    Taro.setNavigationBarTitle?.({ title: '编辑活动' });
    getEvent(id)
      .then((event) => {
        setForm(formFromEvent(event));
        setFields(event.fields);
      })
      .catch((failure: Error) => setLoadError(failure));
  }, [id]);

  const set = <K extends keyof EventForm>(key: K, value: EventForm[K]) => {
    setForm((current) => (current ? { ...current, [key]: value } : current));
    // A fixed field loses its old error at once, not only on the next save.
    setErrors((current) => {
      if (!(key in current)) return current;
      const { [key]: _fixed, ...rest } = current;
      return rest;
    });
  };
  const text = (key: keyof EventForm) => (event: { detail: { value: string } }) =>
    set(key, event.detail.value as never);

  const save = async () => {
    if (!form) return;
    const problems = validateForm(form, fields);
    setErrors(problems);
    setFormError(null);
    if (Object.keys(problems).length > 0) return reveal();
    setBusy(true);
    try {
      const saved = id
        ? await updateEvent(id, patchFromForm(form))
        : await createEvent(bodyFromForm(form, fields));
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.redirectTo({ url: eventUrl('detail', saved.id) });
    } catch (failure) {
      const fromServer = serverFieldErrors(failure);
      setErrors(fromServer);
      if (Object.keys(fromServer).length === 0)
        setFormError(failure instanceof Error ? failure.message : '保存失败');
      reveal();
    } finally {
      setBusy(false);
    }
  };

  const me = session.user;
  const candidates =
    staffOptions.length > 0
      ? staffOptions
      : me
        ? [{ id: me.id, displayName: me.displayName, role: me.role }]
        : [];
  const chosen = candidates[Math.min(staffIndex, candidates.length - 1)];
  const addStaff = () => {
    if (!form || !chosen) return;
    if (form.staff.some((s) => s.userId === chosen.id && s.duty === duty)) return;
    set('staff', [...form.staff, { userId: chosen.id, name: chosen.displayName, duty }]);
  };

  return (
    <View className="ah-page ah-event-edit">
      <PageShell loading={!form && !loadError} error={loadError}>
        {form ? (
          <View className="ah-card">
            <FormField label="活动名称" required error={errors.title} limit={100} value={form.title}>
              <Input
                value={form.title}
                maxlength={NO_CUT}
                placeholder="如：2026 年度联盟年会"
                onInput={text('title')}
              />
            </FormField>
            <FormField label="活动类型" required error={errors.kind}>
              <Picker
                mode="selector"
                range={KIND_LABELS}
                value={EVENT_KINDS.indexOf(form.kind)}
                onChange={(e) => set('kind', EVENT_KINDS[Number(e.detail.value)])}
              >
                <Text className="ah-event-edit__picker">{EVENT_KIND_LABELS[form.kind]}</Text>
              </Picker>
            </FormField>
            <FormField label="开始时间" required error={errors.startsAt}>
              <DateTime
                date={form.startDate}
                time={form.startTime}
                onDate={(v) =>
                  setForm({ ...form, startDate: v, endDate: form.endDate < v ? v : form.endDate })
                }
                onTime={(v) => set('startTime', v)}
              />
            </FormField>
            <FormField label="结束时间" required error={errors.endsAt}>
              <DateTime
                date={form.endDate}
                time={form.endTime}
                onDate={(v) => set('endDate', v)}
                onTime={(v) => set('endTime', v)}
              />
            </FormField>
            <FormField label="地点" error={errors.place} limit={200} value={form.place}>
              <Input value={form.place} maxlength={NO_CUT} placeholder="会场地址" onInput={text('place')} />
            </FormField>
            <FormField
              label="直播/会议链接"
              required={form.kind === 'online'}
              error={errors.link}
              hint="云对接活动必填"
            >
              <Input value={form.link} maxlength={500} placeholder="https://" onInput={text('link')} />
            </FormField>
            <FormField label="主办/承办单位" error={errors.organisers} hint="多个单位用顿号分隔">
              <Input
                value={form.organisers}
                placeholder="如：联盟秘书处、哈尔滨工业大学"
                onInput={text('organisers')}
              />
            </FormField>
            <FormField label="人数上限" error={errors.capacity} hint="不填为不限，报满后进入候补">
              <Input type="number" value={form.capacity} placeholder="不限" onInput={text('capacity')} />
            </FormField>
            <FormField label="报名方式" error={errors.registrationMode}>
              <View className="ah-events__actions ah-event-edit__choices">
                {REGISTRATION_MODES.map((mode) => (
                  <View
                    key={mode}
                    role="radio"
                    aria-checked={form.registrationMode === mode}
                    className={`ah-events__choice${form.registrationMode === mode ? ' ah-events__choice--active' : ''}`}
                    onClick={() => set('registrationMode', mode)}
                  >
                    <Text>{REGISTRATION_MODE_LABELS[mode]}</Text>
                  </View>
                ))}
              </View>
            </FormField>
            <FormField label="活动介绍" error={errors.description} limit={4000} value={form.description}>
              <Textarea
                value={form.description}
                maxlength={NO_CUT}
                placeholder="活动目的、对象、注意事项"
                onInput={text('description')}
              />
            </FormField>

            <View className="ah-event-edit__section">
              <Text className="ah-card__title">议程</Text>
              {form.agenda.map((item, index) => {
                const update = (patch: Partial<typeof item>) =>
                  set(
                    'agenda',
                    form.agenda.map((a, i) => (i === index ? { ...a, ...patch } : a)),
                  );
                return (
                  <View key={index} className="ah-event-edit__agenda">
                    <View className="ah-event-edit__agenda-head">
                      <Picker
                        mode="time"
                        value={item.time}
                        onChange={(e) => update({ time: String(e.detail.value) })}
                      >
                        <Text className="ah-event-edit__picker">{item.time}</Text>
                      </Picker>
                      <View
                        className="ah-event-edit__remove"
                        role="button"
                        onClick={() =>
                          set(
                            'agenda',
                            form.agenda.filter((_, i) => i !== index),
                          )
                        }
                      >
                        <Text>删除</Text>
                      </View>
                    </View>
                    <View className="ah-events__actions ah-event-edit__choices" role="radiogroup">
                      {AGENDA_ITEM_KINDS.map((kind) => (
                        <View
                          key={kind}
                          role="radio"
                          aria-checked={item.kind === kind}
                          className={`ah-events__choice${item.kind === kind ? ' ah-events__choice--active' : ''}`}
                          // A link belongs to one kind of slot: switching kind drops it.
                          onClick={() =>
                            update({ kind, link: item.link?.kind === LINK_KIND[kind] ? item.link : null })
                          }
                        >
                          <Text>{AGENDA_ITEM_KIND_LABELS[kind]}</Text>
                        </View>
                      ))}
                    </View>
                    {LINK_KIND[item.kind] ? (
                      <AgendaLinkPicker
                        kind={LINK_KIND[item.kind]!}
                        value={item.link}
                        error={errors[`agenda.${index}.achievementId`] ?? errors[`agenda.${index}.demandId`]}
                        onChange={(link) =>
                          update({
                            link,
                            // The slot is usually named after what is presented, by its owner.
                            ...(link && !item.title.trim() ? { title: link.title } : {}),
                            ...(link && !item.organization.trim() ? { organization: link.ownerName } : {}),
                          })
                        }
                      />
                    ) : null}
                    <Input
                      className="ah-events__input"
                      value={item.title}
                      placeholder={item.kind === 'session' ? '议程标题' : '路演标题（选定后自动填写）'}
                      onInput={(e) => update({ title: e.detail.value })}
                    />
                    {errors[`agenda.${index}.title`] ? (
                      <Text className="ah-event-edit__error">{errors[`agenda.${index}.title`]}</Text>
                    ) : null}
                    <View className="ah-event-edit__pair">
                      <Input
                        className="ah-events__input"
                        value={item.speaker}
                        placeholder={item.kind === 'session' ? '主讲人' : '路演人'}
                        onInput={(e) => update({ speaker: e.detail.value })}
                      />
                      <Input
                        className="ah-events__input"
                        value={item.organization}
                        placeholder="单位"
                        onInput={(e) => update({ organization: e.detail.value })}
                      />
                    </View>
                  </View>
                );
              })}
              <Button
                className="ah-events__button ah-events__button--ghost"
                onClick={() =>
                  set('agenda', [
                    ...form.agenda,
                    {
                      time: form.agenda.at(-1)?.time ?? form.startTime,
                      title: '',
                      speaker: '',
                      organization: '',
                      kind: 'session',
                      link: null,
                    },
                  ])
                }
              >
                ＋ 添加议程
              </Button>
            </View>

            <View className="ah-event-edit__section">
              <Text className="ah-card__title">工作人员</Text>
              {form.staff.length === 0 ? (
                <Text className="ah-events__muted">暂无。签到台只对本活动的工作人员开放。</Text>
              ) : null}
              {form.staff.map((s, index) => (
                <View key={`${s.userId}-${s.duty}`} className="ah-events__list-row">
                  <Text>
                    {s.name} · {STAFF_DUTY_LABELS[s.duty]}
                  </Text>
                  <View
                    className="ah-event-edit__remove"
                    role="button"
                    onClick={() =>
                      set(
                        'staff',
                        form.staff.filter((_, i) => i !== index),
                      )
                    }
                  >
                    <Text>移除</Text>
                  </View>
                </View>
              ))}
              {chosen ? (
                <View className="ah-events__actions ah-event-edit__add-me">
                  <Picker
                    mode="selector"
                    range={candidates.map((u) =>
                      u.id === me?.id ? `${u.displayName}（我）` : u.displayName,
                    )}
                    value={Math.min(staffIndex, candidates.length - 1)}
                    onChange={(e) => setStaffIndex(Number(e.detail.value))}
                  >
                    <Text className="ah-event-edit__picker">人员：{chosen.displayName}</Text>
                  </Picker>
                  <Picker
                    mode="selector"
                    range={DUTY_LABELS}
                    value={STAFF_DUTIES.indexOf(duty)}
                    onChange={(e) => setDuty(STAFF_DUTIES[Number(e.detail.value)])}
                  >
                    <Text className="ah-event-edit__picker">职责：{STAFF_DUTY_LABELS[duty]}</Text>
                  </Picker>
                  <Button
                    className="ah-events__button ah-events__button--ghost ah-event-edit__add-me-button"
                    onClick={addStaff}
                  >
                    添加工作人员
                  </Button>
                </View>
              ) : null}
              <Text className="ah-events__muted ah-event-edit__hint">
                可从协调员和秘书处中选择人员并指定职责。
              </Text>
            </View>

            {formError ? (
              <Text className={`ah-event-edit__error ${FORM_ALERT_CLASS}`}>{formError}</Text>
            ) : null}
            <Button
              className="ah-events__button ah-events__button--block ah-event-edit__save"
              disabled={busy || undefined}
              onClick={() => void save()}
            >
              {id ? '保存' : '创建活动'}
            </Button>
          </View>
        ) : null}
      </PageShell>
    </View>
  );
}

function DateTime({
  date,
  time,
  onDate,
  onTime,
}: {
  date: string;
  time: string;
  onDate: (v: string) => void;
  onTime: (v: string) => void;
}) {
  return (
    <View className="ah-event-edit__datetime">
      <Picker mode="date" value={date} onChange={(e) => onDate(String(e.detail.value))}>
        <Text className="ah-event-edit__picker">{date}</Text>
      </Picker>
      <Picker mode="time" value={time} onChange={(e) => onTime(String(e.detail.value))}>
        <Text className="ah-event-edit__picker">{time}</Text>
      </Picker>
    </View>
  );
}
