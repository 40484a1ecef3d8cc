import Taro from '@tarojs/taro';
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import {
  AchievementCreateBody,
  AchievementUpdateBody,
  IP_KINDS,
  IP_KIND_LABELS,
  MATURITIES,
  MATURITY_LABELS,
  PUBLICATION_LIMITS,
  TRANSFER_MODES,
  TRANSFER_MODE_LABELS,
  type AchievementDetailView,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { MATCHMAKING_ROUTES } from '../../../pages/matchmaking/matchmaking-routes';
import {
  achievementAction,
  createAchievement,
  getAchievement,
  updateAchievement,
} from '../../../services/achievements';
import { NO_CUT } from '../../../utils/text-limit';
import { errorAt } from '../../directory/edit-form';
import { FieldSelect } from '../../directory/field-select';
import { ChoiceChips } from '../components/choice-chips';
import { EditFrame, FormBanner, FormBar } from '../components/edit-frame';
import { ContactPicker, OwnerField, type OwnerRef } from '../components/owner-and-contacts';
import { usePublicationForm } from '../use-publication-form';
import { achievementChanges, achievementCreateBody, achievementFormOf } from './achievement-form';
import '../../directory/directory-form.scss';
import '../matchmaking.scss';

const MATURITY_OPTIONS = MATURITIES.map((m) => MATURITY_LABELS[m]);
const TRANSFER_OPTIONS = TRANSFER_MODES.map((m) => ({ value: m, label: TRANSFER_MODE_LABELS[m] }));
const IP_OPTIONS = IP_KINDS.map((k) => IP_KIND_LABELS[k]);

/** 发布成果 / 编辑成果 (`?id=`). */
export default function AchievementEditPage() {
  return (
    <EditFrame noun="成果" load={getAchievement}>
      {(item, { isStaff, defaultOwner }) => (
        <AchievementEditForm item={item} isStaff={isStaff} defaultOwner={defaultOwner} />
      )}
    </EditFrame>
  );
}

export function AchievementEditForm({
  item,
  isStaff,
  defaultOwner,
}: {
  item: AchievementDetailView | null;
  isStaff: boolean;
  defaultOwner: OwnerRef | null;
}) {
  const fields = useIndustryFields(true);
  const { form, set, errors, banner, saving, save } = usePublicationForm({
    source: item,
    initial: () => achievementFormOf(item, defaultOwner),
    body: (f) => (item ? achievementChanges(item, f) : achievementCreateBody(f)),
    schema: item ? AchievementUpdateBody : AchievementCreateBody,
    save: async (body) => {
      if (!item) return createAchievement(body as AchievementCreateBody);
      return Object.keys(body).length > 0 ? updateAchievement(item.id, body) : item;
    },
    submit: (id) => achievementAction(id, 'submit'),
    done: (saved) => {
      if (item) void Taro.navigateBack();
      else if (saved) void Taro.redirectTo({ url: MATCHMAKING_ROUTES.detail('achievement', saved.id) });
    },
  });
  const err = (name: string) => errorAt(errors, name);
  const canSubmit = !item || item.permissions.canSubmit;

  return (
    <View>
      <FormBanner text={banner} />
      {item?.status === 'published' ? (
        <Text className="ah-mm-form__notice">
          修改标题、简介、详细介绍、领域或关键词后需重新审核；其他修改立即生效。
        </Text>
      ) : null}
      {item?.status === 'rejected' && item.review?.rejectionReason ? (
        <Text className="ah-mm-form__notice ah-mm-form__notice--danger">
          未通过原因：{item.review.rejectionReason}
        </Text>
      ) : null}

      <View className="ah-card ah-edit__section">
        <OwnerField
          owner={form.owner}
          editable={isStaff && !item}
          error={err('ownerOrgId')}
          onChange={(owner) => {
            set('owner', owner);
            set('contactPersonIds', []);
          }}
        />
        <FormField
          label="成果名称"
          required
          error={err('title')}
          limit={PUBLICATION_LIMITS.title}
          value={form.title}
        >
          <Input
            className="ah-edit__input"
            value={form.title}
            placeholder="如：高强韧铝合金板材短流程制备技术"
            maxlength={NO_CUT}
            aria-label="成果名称"
            onInput={(e) => set('title', e.detail.value)}
          />
        </FormField>
        <FormField
          label="成果简介"
          required
          error={err('summary')}
          limit={PUBLICATION_LIMITS.summary}
          value={form.summary}
          hint="一两句话说明解决什么问题、关键指标"
        >
          <Textarea
            className="ah-edit__textarea"
            value={form.summary}
            maxlength={NO_CUT}
            autoHeight
            aria-label="成果简介"
            onInput={(e) => set('summary', e.detail.value)}
          />
        </FormField>
        <FormField
          label="详细介绍"
          error={err('detail')}
          limit={PUBLICATION_LIMITS.text}
          value={form.detail}
          hint="技术原理、性能指标、应用场景，可分段"
        >
          <Textarea
            className="ah-edit__textarea"
            value={form.detail}
            maxlength={NO_CUT}
            autoHeight
            aria-label="详细介绍"
            onInput={(e) => set('detail', e.detail.value)}
          />
        </FormField>
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
            placeholder="如：铝合金、短流程、轻量化"
            maxlength={NO_CUT}
            aria-label="关键词"
            onInput={(e) => set('keywords', e.detail.value)}
          />
        </FormField>
      </View>

      <View className="ah-card ah-edit__section">
        <FormField label="成熟度" required error={err('maturity')}>
          <Picker
            mode="selector"
            range={MATURITY_OPTIONS}
            value={Math.max(0, MATURITIES.indexOf(form.maturity as (typeof MATURITIES)[number]))}
            aria-label="成熟度"
            onChange={(e) => set('maturity', MATURITIES[Number(e.detail.value)] ?? form.maturity)}
          >
            <View className="ah-edit__picker">
              {form.maturity ? (
                <Text>{MATURITY_LABELS[form.maturity]}</Text>
              ) : (
                <Text className="ah-edit__placeholder">请选择</Text>
              )}
            </View>
          </Picker>
        </FormField>
        <FormField label="转化方式" required error={err('transferModes')}>
          <ChoiceChips
            label="转化方式"
            options={TRANSFER_OPTIONS}
            value={form.transferModes}
            onChange={(modes) => set('transferModes', modes)}
          />
        </FormField>
        <FormField label="参考价格（万元）" error={err('priceWan') ?? err('priceNegotiable')}>
          <View className="ah-mm-form__money">
            <Input
              className="ah-edit__input"
              type="digit"
              value={form.price}
              placeholder={form.priceNegotiable ? '面议' : '如：120'}
              disabled={form.priceNegotiable}
              aria-label="参考价格"
              onInput={(e) => set('price', e.detail.value)}
            />
            <View className="ah-mm-form__switch">
              <Text>面议</Text>
              <Switch
                checked={form.priceNegotiable}
                aria-label="价格面议"
                onChange={(e) => {
                  set('priceNegotiable', e.detail.value);
                  if (e.detail.value) set('price', '');
                }}
              />
            </View>
          </View>
        </FormField>
        <FormField label="知识产权" error={err('ip')} hint="专利号或登记号，技术秘密可不填号码">
          {form.ip.map((ip, index) => (
            <View key={index} className="ah-mm-form__ip">
              <Picker
                mode="selector"
                range={IP_OPTIONS}
                value={IP_KINDS.indexOf(ip.kind)}
                aria-label={`知识产权类型 ${index + 1}`}
                onChange={(e) =>
                  set(
                    'ip',
                    form.ip.map((x, i) =>
                      i === index ? { ...x, kind: IP_KINDS[Number(e.detail.value)] ?? x.kind } : x,
                    ),
                  )
                }
              >
                <View className="ah-edit__picker ah-mm-form__ip-kind">{IP_KIND_LABELS[ip.kind]}</View>
              </Picker>
              <Input
                className="ah-edit__input ah-mm-form__ip-number"
                value={ip.number}
                placeholder="如：ZL202110123456.7"
                maxlength={NO_CUT}
                aria-label={`知识产权号码 ${index + 1}`}
                onInput={(e) =>
                  set(
                    'ip',
                    form.ip.map((x, i) => (i === index ? { ...x, number: e.detail.value } : x)),
                  )
                }
              />
              <View
                className="ah-mm-form__remove"
                role="button"
                aria-label={`删除知识产权 ${index + 1}`}
                onClick={() =>
                  set(
                    'ip',
                    form.ip.filter((_, i) => i !== index),
                  )
                }
              >
                <Text>删除</Text>
              </View>
            </View>
          ))}
          <Button
            className="ah-mm__button ah-mm__button--ghost ah-mm-form__add"
            onClick={() => set('ip', [...form.ip, { kind: 'invention_patent', number: '' }])}
          >
            添加知识产权
          </Button>
        </FormField>
        <ContactPicker
          orgId={form.owner?.id ?? null}
          value={form.contactPersonIds}
          error={err('contactPersonIds')}
          onChange={(ids) => set('contactPersonIds', ids)}
        />
      </View>

      <FormBar saving={saving} canSubmit={canSubmit} onSave={(andSubmit) => void save(andSubmit)} />
    </View>
  );
}
