import type { ReactNode } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { PUBLICATION_LIMITS, type PublicationStatus } from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { NO_CUT } from '../../../utils/text-limit';
import { FieldSelect } from '../../directory/field-select';
import { FormBanner, FormBar } from './edit-frame';
import { ContactPicker, OwnerField, type OwnerRef } from './owner-and-contacts';
import type { PublicationEditor } from '../use-publication-form';

/** What the achievement and the demand form have in common (their form types extend it). */
export interface SharedPublicationForm {
  owner: OwnerRef | null;
  title: string;
  fields: string[];
  keywords: string;
  contactPersonIds: string[];
}

type SharedSet = <K extends keyof SharedPublicationForm>(key: K, value: SharedPublicationForm[K]) => void;

/**
 * The frame both publish forms share: review notices, owner, title, the kind's body text
 * (`texts`), fields, keywords, the kind's own section (`children`), contacts, save/submit.
 */
export function PublicationFormShell<F extends SharedPublicationForm>(props: {
  editor: PublicationEditor<F>;
  item: { status: PublicationStatus; review: { rejectionReason: string | null } | null } | null;
  isStaff: boolean;
  /** 成果名称 / 需求名称. */
  titleLabel: string;
  titlePlaceholder: string;
  keywordsPlaceholder: string;
  /** Which edits of a published item go back to review. */
  republishNotice: string;
  texts: ReactNode;
  children: ReactNode;
}) {
  const { editor, item } = props;
  const { form, err } = editor;
  // The shell only touches the shared keys, which every form type has with these types.
  const set = editor.set as unknown as SharedSet;
  const fields = useIndustryFields(true);

  return (
    <View>
      <FormBanner text={editor.banner} />
      {item?.status === 'published' ? (
        <Text className="ah-mm-form__notice">{props.republishNotice}</Text>
      ) : null}
      {item?.status === 'rejected' && item.review?.rejectionReason ? (
        <Text className="ah-mm-form__notice ah-mm-form__notice--danger">
          未通过原因：{item.review.rejectionReason}
        </Text>
      ) : null}

      <View className="ah-card ah-edit__section">
        <OwnerField
          owner={form.owner}
          editable={props.isStaff && !item}
          error={err('ownerOrgId')}
          onChange={(owner) => {
            set('owner', owner);
            set('contactPersonIds', []);
          }}
        />
        <FormField
          label={props.titleLabel}
          required
          error={err('title')}
          limit={PUBLICATION_LIMITS.title}
          value={form.title}
        >
          <Input
            className="ah-edit__input"
            value={form.title}
            placeholder={props.titlePlaceholder}
            maxlength={NO_CUT}
            aria-label={props.titleLabel}
            onInput={(e) => set('title', e.detail.value)}
          />
        </FormField>
        {props.texts}
        <FormField
          label="所属领域"
          required
          error={err('fields')}
          hint={`最多选 ${PUBLICATION_LIMITS.fields} 个`}
        >
          <FieldSelect
            fields={fields}
            value={form.fields}
            max={PUBLICATION_LIMITS.fields}
            onChange={(codes) => set('fields', codes)}
          />
        </FormField>
        <FormField label="关键词" error={err('keywords')} hint="用顿号或逗号分隔，最多 10 个">
          <Input
            className="ah-edit__input"
            value={form.keywords}
            placeholder={props.keywordsPlaceholder}
            maxlength={NO_CUT}
            aria-label="关键词"
            onInput={(e) => set('keywords', e.detail.value)}
          />
        </FormField>
      </View>

      <View className="ah-card ah-edit__section">
        {props.children}
        <ContactPicker
          orgId={form.owner?.id ?? null}
          value={form.contactPersonIds}
          error={err('contactPersonIds')}
          onChange={(ids) => set('contactPersonIds', ids)}
        />
      </View>

      <FormBar
        saving={editor.saving}
        canSubmit={editor.canSubmit}
        onSave={(andSubmit) => void editor.save(andSubmit)}
      />
    </View>
  );
}
