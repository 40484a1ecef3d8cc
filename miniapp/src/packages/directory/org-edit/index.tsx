import Taro from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  ALLIANCE_ROLES,
  ALLIANCE_ROLE_LABELS,
  ORG_KINDS,
  ORG_KIND_LABELS,
  OrgUpdateBody,
  atLeast,
  type AllianceRole,
  type OrgDetailView,
  type OrgKind,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { getOrganization, updateOrganization } from '../../../services/directory';
import { useSession } from '../../../stores/session-store';
import { PROVINCES } from '../../../pages/directory/directory-routes';
import { useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { FieldSelect } from '../field-select';
import { FORM_ALERT_CLASS } from '../../../utils/reveal-first-error';
import { NO_CUT } from '../../../utils/text-limit';
import { errorAt, joinList, normalizedText, sameList, splitList } from '../edit-form';
import { DirectoryRecordPage } from '../record-page';
import { useEditForm } from '../use-edit-form';
import '../directory-form.scss';

const TEXT_MAX = 2000;

interface OrgForm {
  name: string;
  aliases: string;
  kind: OrgKind;
  allianceRole: AllianceRole;
  province: string;
  city: string;
  fields: string[];
  intro: string;
  capabilities: string;
  needs: string;
}

function formOf(org: OrgDetailView): OrgForm {
  return {
    name: org.name,
    aliases: joinList(org.aliases),
    kind: org.kind,
    allianceRole: org.allianceRole,
    province: org.region.province ?? '',
    city: org.region.city ?? '',
    fields: org.fields,
    intro: org.intro ?? '',
    capabilities: org.capabilities ?? '',
    needs: org.needs ?? '',
  };
}

/**
 * Only what changed goes to the server: a member's PATCH must not carry name, kind or alliance
 * role at all (the server answers 403 even when they are unchanged).
 */
export function orgChanges(org: OrgDetailView, form: OrgForm, mayEditLocked: boolean): OrgUpdateBody {
  const body: OrgUpdateBody = {};
  if (mayEditLocked) {
    if (normalizedText(form.name) !== org.name) body.name = form.name;
    if (form.kind !== org.kind) body.kind = form.kind;
    if (form.allianceRole !== org.allianceRole) body.allianceRole = form.allianceRole;
  }
  const aliases = splitList(form.aliases);
  if (!sameList(aliases, org.aliases)) body.aliases = aliases;
  if (form.province !== (org.region.province ?? '')) body.province = form.province;
  if (normalizedText(form.city) !== normalizedText(org.region.city)) body.city = form.city;
  if (!sameList(form.fields, org.fields)) body.fields = form.fields;
  for (const key of ['intro', 'capabilities', 'needs'] as const) {
    if (normalizedText(form[key]) !== normalizedText(org[key])) body[key] = form[key];
  }
  return body;
}

/** Edit an organization: members their own (not name/kind/role), coordinators and the secretariat all. */
export default function OrgEditPage() {
  return (
    <DirectoryRecordPage
      mode="edit"
      load={getOrganization}
      deniedHint="只能编辑本单位的信息，如需修改请联系秘书处"
    >
      {(org) => <OrgEditForm org={org} />}
    </DirectoryRecordPage>
  );
}

export function OrgEditForm({ org }: { org: OrgDetailView }) {
  const session = useSession();
  const mayEditLocked = session.user ? atLeast(session.user.role, 'coordinator') : false;
  const fields = useIndustryFields(true);
  const { form, set, errors, banner, saving, save } = useEditForm({
    source: org,
    initial: () => formOf(org),
    changes: (form: OrgForm) => orgChanges(org, form, mayEditLocked),
    schema: OrgUpdateBody,
    submit: (body) => updateOrganization(org.id, body),
  });

  const provinces =
    PROVINCES.includes(form.province as (typeof PROVINCES)[number]) || !form.province
      ? [...PROVINCES]
      : [form.province, ...PROVINCES];
  const lockedHint = '由秘书处维护，如需修改请联系秘书处';

  return (
    <View>
      {banner ? (
        <View className={`ah-edit__banner ${FORM_ALERT_CLASS}`} role="alert">
          <Text>{banner}</Text>
        </View>
      ) : null}

      <View className="ah-card ah-edit__section">
        <FormField
          label="单位名称"
          required
          error={errorAt(errors, 'name')}
          hint={mayEditLocked ? undefined : lockedHint}
          limit={mayEditLocked ? 80 : undefined}
          value={form.name}
        >
          {mayEditLocked ? (
            <Input
              className="ah-edit__input"
              value={form.name}
              maxlength={NO_CUT}
              aria-label="单位名称"
              onInput={(event) => set('name', event.detail.value)}
            />
          ) : (
            <Text className="ah-edit__readonly">{org.name}</Text>
          )}
        </FormField>
        <FormField
          label="简称"
          error={errorAt(errors, 'aliases')}
          hint="多个简称用顿号或逗号分隔，如：哈工大、HIT"
        >
          <Input
            className="ah-edit__input"
            value={form.aliases}
            maxlength={NO_CUT}
            placeholder="如：哈工大"
            aria-label="简称"
            onInput={(event) => set('aliases', event.detail.value)}
          />
        </FormField>
        <FormField
          label="单位类型"
          error={errorAt(errors, 'kind')}
          hint={mayEditLocked ? undefined : lockedHint}
        >
          {mayEditLocked ? (
            <Picker
              mode="selector"
              range={ORG_KINDS.map((kind) => ORG_KIND_LABELS[kind])}
              value={ORG_KINDS.indexOf(form.kind)}
              aria-label="单位类型"
              onChange={(event) => set('kind', ORG_KINDS[Number(event.detail.value)] ?? form.kind)}
            >
              <View className="ah-edit__picker">{ORG_KIND_LABELS[form.kind]}</View>
            </Picker>
          ) : (
            <Text className="ah-edit__readonly">{ORG_KIND_LABELS[org.kind]}</Text>
          )}
        </FormField>
        <FormField
          label="联盟职务"
          error={errorAt(errors, 'allianceRole')}
          hint={mayEditLocked ? undefined : lockedHint}
        >
          {mayEditLocked ? (
            <Picker
              mode="selector"
              range={ALLIANCE_ROLES.map((role) => ALLIANCE_ROLE_LABELS[role])}
              value={ALLIANCE_ROLES.indexOf(form.allianceRole)}
              aria-label="联盟职务"
              onChange={(event) =>
                set('allianceRole', ALLIANCE_ROLES[Number(event.detail.value)] ?? form.allianceRole)
              }
            >
              <View className="ah-edit__picker">{ALLIANCE_ROLE_LABELS[form.allianceRole]}</View>
            </Picker>
          ) : (
            <Text className="ah-edit__readonly">{ALLIANCE_ROLE_LABELS[org.allianceRole]}</Text>
          )}
        </FormField>
        <FormField label="所在省份" error={errorAt(errors, 'province')}>
          <Picker
            mode="selector"
            range={provinces}
            value={Math.max(0, provinces.indexOf(form.province))}
            aria-label="所在省份"
            onChange={(event) => set('province', provinces[Number(event.detail.value)] ?? form.province)}
          >
            <View className="ah-edit__picker">
              {form.province ? (
                <Text>{form.province}</Text>
              ) : (
                <Text className="ah-edit__placeholder">请选择</Text>
              )}
            </View>
          </Picker>
        </FormField>
        <FormField label="所在城市" error={errorAt(errors, 'city')} limit={20} value={form.city}>
          <Input
            className="ah-edit__input"
            value={form.city}
            placeholder="如：哈尔滨市"
            maxlength={NO_CUT}
            aria-label="所在城市"
            onInput={(event) => set('city', event.detail.value)}
          />
        </FormField>
        <FormField label="产业领域" error={errorAt(errors, 'fields')} hint="最多选 10 个">
          <FieldSelect fields={fields} value={form.fields} onChange={(codes) => set('fields', codes)} />
        </FormField>
      </View>

      <View className="ah-card ah-edit__section">
        <LongText
          label="技术优势与储备"
          name="capabilities"
          value={form.capabilities}
          error={errorAt(errors, 'capabilities')}
          placeholder="主要技术方向、代表性成果、平台与装备，便于企业找到你"
          onInput={(value) => set('capabilities', value)}
        />
        <LongText
          label="技术需求"
          name="needs"
          value={form.needs}
          error={errorAt(errors, 'needs')}
          placeholder="想解决的技术难题、希望合作的方向"
          onInput={(value) => set('needs', value)}
        />
        <LongText
          label="单位简介"
          name="intro"
          value={form.intro}
          error={errorAt(errors, 'intro')}
          placeholder="单位概况、规模、主要产品或学科"
          onInput={(value) => set('intro', value)}
        />
      </View>

      <View className="ah-edit__bar">
        <Button className="ah-edit__cancel" onClick={() => void Taro.navigateBack()}>
          取消
        </Button>
        <Button
          className={`ah-edit__save${saving ? ' ah-edit__save--busy' : ''}`}
          disabled={saving}
          onClick={() => void save()}
        >
          {saving ? '保存中…' : '保存'}
        </Button>
      </View>
    </View>
  );
}

function LongText(props: {
  label: string;
  name: string;
  value: string;
  error?: string;
  placeholder: string;
  onInput: (value: string) => void;
}) {
  return (
    <FormField label={props.label} error={props.error} limit={TEXT_MAX} value={props.value}>
      <Textarea
        className="ah-edit__textarea"
        value={props.value}
        placeholder={props.placeholder}
        // No client cap: an over-long text gets the schema's message at the field instead of being cut off.
        maxlength={NO_CUT}
        autoHeight
        aria-label={props.label}
        data-field={props.name}
        onInput={(event) => props.onInput(event.detail.value)}
      />
      <Text className="ah-edit__count">
        {props.value.length}/{TEXT_MAX}
      </Text>
    </FormField>
  );
}
