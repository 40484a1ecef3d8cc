import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { PersonUpdateBody, type ContactField, type PersonDetailView } from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { getPerson, updatePerson } from '../../../services/directory';
import { PHONE_INPUT_PROPS } from '../../../utils/phone-input';
import { FORM_ALERT_CLASS } from '../../../utils/reveal-first-error';
import { NO_CUT } from '../../../utils/text-limit';
import { errorAt, joinList, normalizedText, sameList, splitList } from '../edit-form';
import { DirectoryRecordPage } from '../record-page';
import { useEditForm } from '../use-edit-form';
import '../directory-form.scss';

interface PersonForm {
  name: string;
  title: string;
  expertise: string;
  mobile: string;
  email: string;
  wechatId: string;
}

function formOf(person: PersonDetailView): PersonForm {
  return {
    name: person.name,
    title: person.title ?? '',
    expertise: joinList(person.expertise),
    mobile: person.contacts?.mobile ?? '',
    email: person.contacts?.email ?? '',
    wechatId: person.contacts?.wechatId ?? '',
  };
}

/** Only what changed; an emptied contact field is sent as null, which clears it. */
export function personChanges(person: PersonDetailView, form: PersonForm): PersonUpdateBody {
  const body: PersonUpdateBody = {};
  if (normalizedText(form.name) !== person.name) body.name = form.name;
  if (normalizedText(form.title) !== normalizedText(person.title)) body.title = form.title;
  const expertise = splitList(form.expertise);
  if (!sameList(expertise, person.expertise)) body.expertise = expertise;
  // Contact fields are only editable when the server showed them (the person themself, staff).
  if (person.contacts) {
    for (const key of ['mobile', 'email', 'wechatId'] as const satisfies readonly ContactField[]) {
      const value = form[key].trim();
      const before = person.contacts[key] ?? '';
      if (value !== before) body[key] = value === '' ? null : value;
    }
  }
  return body;
}

/** Edit a person: members their own record, coordinators and the secretariat anyone's. */
export default function PersonEditPage() {
  return (
    <DirectoryRecordPage mode="edit" load={getPerson} deniedHint="只能编辑本人的信息，如需修改请联系秘书处">
      {(person) => <PersonEditForm person={person} />}
    </DirectoryRecordPage>
  );
}

export function PersonEditForm({ person }: { person: PersonDetailView }) {
  const { form, set, errors, banner, saving, save } = useEditForm({
    source: person,
    initial: () => formOf(person),
    changes: (form: PersonForm) => personChanges(person, form),
    schema: PersonUpdateBody,
    submit: (body) => updatePerson(person.id, body),
  });

  const input = (
    key: keyof PersonForm,
    label: string,
    extra: { placeholder?: string; phone?: boolean } = {},
  ) => (
    <Input
      className="ah-edit__input"
      value={form[key]}
      placeholder={extra.placeholder}
      maxlength={NO_CUT}
      aria-label={label}
      {...(extra.phone ? PHONE_INPUT_PROPS : { type: 'text' as const })}
      onInput={(event) => set(key, event.detail.value)}
    />
  );

  return (
    <View>
      {banner ? (
        <View className={`ah-edit__banner ${FORM_ALERT_CLASS}`} role="alert">
          <Text>{banner}</Text>
        </View>
      ) : null}

      <View className="ah-card ah-edit__section">
        <FormField label="姓名" required error={errorAt(errors, 'name')} limit={40} value={form.name}>
          {input('name', '姓名')}
        </FormField>
        <FormField label="职务/职称" error={errorAt(errors, 'title')} limit={60} value={form.title}>
          {input('title', '职务/职称', { placeholder: '如：教授、总工程师' })}
        </FormField>
        <FormField label="所在单位" hint="如需更换单位请联系秘书处">
          <Text className="ah-edit__readonly">{person.organization?.name ?? '未关联单位'}</Text>
        </FormField>
        <FormField
          label="专长领域"
          error={errorAt(errors, 'expertise')}
          hint="多个专长用顿号或逗号分隔，如：轻合金、焊接"
        >
          {input('expertise', '专长领域')}
        </FormField>
      </View>

      {person.contacts ? (
        <View className="ah-card ah-edit__section">
          <Text className="ah-card__title">联系方式</Text>
          <Text className="ah-card__text">仅本人、秘书处和交换过名片的人可见；留空即删除。</Text>
          <FormField label="手机" error={errorAt(errors, 'mobile')}>
            {input('mobile', '手机', { placeholder: '11 位手机号码，可带 +86', phone: true })}
          </FormField>
          <FormField label="邮箱" error={errorAt(errors, 'email')}>
            {input('email', '邮箱')}
          </FormField>
          <FormField label="微信号" error={errorAt(errors, 'wechatId')}>
            {input('wechatId', '微信号')}
          </FormField>
        </View>
      ) : null}

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
