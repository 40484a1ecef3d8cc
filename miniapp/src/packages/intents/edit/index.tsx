import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  INTENT_LIMITS,
  INTENT_PARTY_ROLES,
  INTENT_PARTY_ROLE_LABELS,
  INTENT_SOURCE_LABELS,
  INTENT_STAGES,
  INTENT_STAGE_LABELS,
  atLeast,
  needsContract,
  type IntentView,
  type StaffUserView,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { PageShell } from '../../../components/page-shell';
import { newClientId } from '../../../offline';
import { fieldLabel, useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { INTENT_ROUTES, type IntentPrefill } from '../../../pages/me/intent-routes';
import { listStaffUsers } from '../../../services/events';
import { createIntent, getIntent, updateIntent } from '../../../services/intents';
import { useSession } from '../../../stores/session-store';
import { serverFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { FORM_ALERT_CLASS, useRevealFirstError } from '../../../utils/reveal-first-error';
import { ContractFields } from '../components/contract-fields';
import { OrgSearch } from '../components/org-search';
import { PartyPeople } from '../components/party-people';
import { StageDateField } from '../components/stage-date-field';
import { Chip } from '../components/stage-sheet';
import { conflictCurrent, errorText, shanghaiDate } from '../intent-format';
import {
  checkIntentForm,
  checkUpdateForm,
  emptyIntentForm,
  formFromIntent,
  fromOf,
  type IntentForm,
} from '../intent-form';
import '../intents.scss';
import './index.scss';

function param(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const errorFor = (errors: FieldErrors, key: string) =>
  errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1];

/**
 * 新建合作意向: by hand, or prefilled from a 点菜 tick, an interaction, a match or a parent
 * intent (the next round). Checked with the server's schema; saved once by client id.
 */
export default function IntentCreatePage() {
  const { params } = useRouter();
  const prefill = useMemo<IntentPrefill>(
    () => ({
      from: param(params.from) as IntentPrefill['from'],
      selectionId: param(params.selectionId),
      interactionId: param(params.interactionId),
      demandId: param(params.demandId),
      achievementId: param(params.achievementId),
      topic: param(params.topic),
      parties: param(params.parties),
      parentId: param(params.parentId),
    }),
    [params],
  );
  const me = useSession().user;
  const staff = me ? atLeast(me.role, 'coordinator') : false;
  // ?id= edits a stored intent (PATCH with its version); otherwise a new one is created.
  const editId = param(params.id);
  const [base, setBase] = useState<IntentView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<IntentForm>(() => emptyIntentForm(prefill));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [staffUsers, setStaffUsers] = useState<StaffUserView[]>([]);
  // One client id per form: a retry after a lost answer gets the same intent back, not a second one.
  const clientId = useRef(newClientId());
  const reveal = useRevealFirstError();
  const fields = useIndustryFields(true);
  const today = useRef(shanghaiDate()).current;
  const source = fromOf(prefill).kind;

  useEffect(() => {
    if (staff) void listStaffUsers().then(setStaffUsers, () => setStaffUsers([]));
  }, [staff]);

  useEffect(() => {
    if (!editId) return;
    void Taro.setNavigationBarTitle({ title: '编辑合作意向' });
    getIntent(editId).then(
      (intent) => {
        setBase(intent);
        setForm(formFromIntent(intent));
      },
      (failure: unknown) => setLoadError(errorText(failure, '加载失败')),
    );
  }, [editId]);

  const saveEdit = async (intent: IntentView) => {
    const check = checkUpdateForm(form, intent);
    if (!check.ok) {
      setErrors(check.errors);
      setBanner(check.unchanged ? '没有需要保存的修改' : '请检查标红的项目');
      if (!check.unchanged) reveal();
      return;
    }
    setSaving(true);
    try {
      await updateIntent(intent.id, check.body);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack();
    } catch (failure) {
      const theirs = conflictCurrent<IntentView>(failure);
      if (theirs) {
        // Their version becomes the form; my edits are not silently applied on top of it.
        setBase(theirs);
        setForm(formFromIntent(theirs));
        setBanner('这条意向刚被其他人修改过，表单已换成最新内容，请重新修改后保存');
        return;
      }
      setErrors(serverFieldErrors(failure));
      setBanner(errorText(failure, '保存失败，请稍后重试'));
      reveal();
    } finally {
      setSaving(false);
    }
  };

  const set = <K extends keyof IntentForm>(key: K, value: IntentForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors({});
    setBanner(null);
  };

  const save = async () => {
    if (editId) {
      if (base) await saveEdit(base);
      return;
    }
    const check = checkIntentForm(form, prefill, clientId.current);
    if (!check.ok) {
      setErrors(check.errors);
      setBanner('请检查标红的项目');
      reveal();
      return;
    }
    setSaving(true);
    try {
      const created = await createIntent(check.body);
      void Taro.showToast({ title: '已建立', icon: 'success' });
      void Taro.redirectTo({ url: INTENT_ROUTES.detail(created.id) });
    } catch (failure) {
      setErrors(serverFieldErrors(failure));
      setBanner(errorText(failure, '保存失败，请稍后重试'));
      reveal();
    } finally {
      setSaving(false);
    }
  };

  if (!staff) {
    return (
      <View className="ah-page">
        <PageShell
          empty
          emptyState={{ title: '合作意向由联盟工作人员建立', hint: '有合作需要请联系白衬衫或秘书处' }}
        />
      </View>
    );
  }

  if (editId && !base) {
    return (
      <View className="ah-page">
        <PageShell loading={!loadError} error={loadError ? { message: loadError } : null} />
      </View>
    );
  }

  const otherStaff = staffUsers.filter((u) => u.id !== me?.id);
  const ownerIndex = otherStaff.findIndex((u) => u.id === form.ownerUserId) + 1;
  return (
    <View className="ah-page ah-intent-edit">
      {source !== 'manual' || prefill.parentId ? (
        <View className="ah-intents__warning">
          <Text>
            {prefill.parentId
              ? '后续意向：将接在原意向之后，组成合作链'
              : `来自${INTENT_SOURCE_LABELS[source]}，已带入相关信息`}
          </Text>
        </View>
      ) : null}
      <View className="ah-card">
        <FormField
          label="意向名称"
          required
          error={errors.topic}
          limit={INTENT_LIMITS.topic}
          value={form.topic}
        >
          <Input
            className="ah-intents__input"
            aria-label="意向名称"
            value={form.topic}
            placeholder="如：高强铝合金板材短流程技术转化"
            onInput={(e) => set('topic', e.detail.value)}
          />
        </FormField>
        <FormField
          label="参与单位"
          required
          error={
            // A person's problem is shown at that party's people instead.
            errors.parties ??
            Object.entries(errors).find(([k]) => k.startsWith('parties.') && !k.endsWith('.personIds'))?.[1]
          }
        >
          <View>
            {form.parties.map((party, index) => (
              <View key={party.id} className="ah-intent-edit__party">
                <Text className="ah-intent-edit__party-name">{party.name}</Text>
                <View className="ah-intents__chips" role="radiogroup" aria-label={`${party.name}的角色`}>
                  {INTENT_PARTY_ROLES.map((role) => (
                    <Chip
                      key={role}
                      on={party.role === role}
                      label={INTENT_PARTY_ROLE_LABELS[role]}
                      onClick={() =>
                        set(
                          'parties',
                          form.parties.map((p, i) => (i === index ? { ...p, role } : p)),
                        )
                      }
                    />
                  ))}
                  <View
                    className="ah-intent-edit__remove"
                    role="button"
                    onClick={() =>
                      set(
                        'parties',
                        form.parties.filter((_, i) => i !== index),
                      )
                    }
                  >
                    移除
                  </View>
                </View>
                <PartyPeople
                  orgId={party.id}
                  orgName={party.name}
                  value={party.people}
                  error={errorFor(errors, `parties.${index}.personIds`)}
                  onChange={(people) =>
                    set(
                      'parties',
                      form.parties.map((p, i) => (i === index ? { ...p, people } : p)),
                    )
                  }
                />
              </View>
            ))}
            <OrgSearch
              label="添加参与单位"
              placeholder="添加单位：输入名称或简称"
              exclude={form.parties.map((p) => p.id)}
              onPick={(org) =>
                set('parties', [
                  ...form.parties,
                  // The first is usually the enterprise with the need; the role is one tap to change.
                  {
                    ...org,
                    role: form.parties.some((p) => p.role === 'demand') ? 'supply' : 'demand',
                    people: [],
                  },
                ])
              }
            />
          </View>
        </FormField>
        <FormField
          label="合作内容"
          error={errors.description}
          limit={INTENT_LIMITS.description}
          value={form.description}
        >
          <Textarea
            className="ah-intents__textarea"
            aria-label="合作内容"
            value={form.description}
            placeholder="要解决的问题、技术方案、合作方式（成员可见）"
            onInput={(e) => set('description', e.detail.value)}
          />
        </FormField>
        <FormField
          label="产业领域"
          error={errorFor(errors, 'fields')}
          hint={`最多 ${INTENT_LIMITS.fields} 个`}
        >
          <View className="ah-intents__chips" role="group" aria-label="产业领域">
            {fields.map((field) => {
              const on = form.fields.includes(field.code);
              return (
                <View
                  key={field.code}
                  role="checkbox"
                  aria-checked={on}
                  className={`ah-intents__chip${on ? ' ah-intents__chip--on' : ''}`}
                  onClick={() =>
                    set(
                      'fields',
                      on ? form.fields.filter((c) => c !== field.code) : [...form.fields, field.code],
                    )
                  }
                >
                  <Text>{fieldLabel(fields, field.code)}</Text>
                </View>
              );
            })}
          </View>
        </FormField>
      </View>

      <View className="ah-card">
        {editId ? null : (
          <>
            <FormField label="当前阶段" error={errors.stage}>
              <View className="ah-intents__chips" role="radiogroup" aria-label="当前阶段">
                {INTENT_STAGES.map((stage) => (
                  <Chip
                    key={stage}
                    on={form.stage === stage}
                    label={INTENT_STAGE_LABELS[stage]}
                    onClick={() => set('stage', stage)}
                  />
                ))}
              </View>
            </FormField>
            <StageDateField
              label="进入该阶段的日期"
              hint="补录以前的合作时选当时的日期"
              value={form.date}
              today={today}
              error={errors.at}
              onChange={(date) => set('date', date)}
            />
            {needsContract(form.stage) ? (
              <ContractFields
                title="合同信息（签约及以后阶段需填写）"
                value={form.contract}
                onChange={(contract) => set('contract', contract)}
                errors={errors}
              />
            ) : null}
          </>
        )}
        <FormField label="负责人" error={errors.ownerUserId}>
          <Picker
            mode="selector"
            range={['我', ...otherStaff.map((u) => u.displayName)]}
            value={ownerIndex}
            onChange={(e) => {
              const picked = Number(e.detail.value);
              // Creating, '' lets the server make me the owner; editing, it must name me.
              const mine = editId ? (me?.id ?? '') : '';
              set('ownerUserId', picked === 0 ? mine : (otherStaff[picked - 1]?.id ?? mine));
            }}
          >
            <Text className="ah-intents__picker">
              {ownerIndex > 0 ? otherStaff[ownerIndex - 1].displayName : '我'}
            </Text>
          </Picker>
        </FormField>
        {editId ? null : (
          <FormField label="内部备注" error={errors.note} limit={INTENT_LIMITS.note} value={form.note}>
            <Textarea
              className="ah-intents__textarea"
              aria-label="内部备注"
              value={form.note}
              placeholder="怎么来的、下一步（仅工作人员可见）"
              onInput={(e) => set('note', e.detail.value)}
            />
          </FormField>
        )}
      </View>
      {banner ? (
        <View className={`ah-intents__error ${FORM_ALERT_CLASS}`} role="alert">
          <Text>{banner}</Text>
        </View>
      ) : null}
      <Button
        className="ah-intents__button ah-intents__button--primary ah-intent-edit__save"
        disabled={saving || undefined}
        loading={saving || undefined}
        onClick={() => void save()}
      >
        {editId ? '保存修改' : '建立意向'}
      </Button>
    </View>
  );
}
