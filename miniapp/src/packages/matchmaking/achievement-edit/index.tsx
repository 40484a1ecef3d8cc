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
import {
  achievementAction,
  createAchievement,
  getAchievement,
  updateAchievement,
} from '../../../services/achievements';
import { NO_CUT } from '../../../utils/text-limit';
import { ChoiceChips } from '../components/choice-chips';
import { EditFrame } from '../components/edit-frame';
import type { OwnerRef } from '../components/owner-and-contacts';
import { PublicationFormShell } from '../components/publication-form-shell';
import { usePublicationEditor } from '../use-publication-form';
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
  const editor = usePublicationEditor({
    kind: 'achievement',
    item,
    initial: () => achievementFormOf(item, defaultOwner),
    createBody: achievementCreateBody,
    changes: achievementChanges,
    schemas: { create: AchievementCreateBody, update: AchievementUpdateBody },
    api: { create: createAchievement, update: updateAchievement, action: achievementAction },
  });
  const { form, set, err } = editor;

  return (
    <PublicationFormShell
      editor={editor}
      item={item}
      isStaff={isStaff}
      titleLabel="成果名称"
      titlePlaceholder="如：高强韧铝合金板材短流程制备技术"
      keywordsPlaceholder="如：铝合金、短流程、轻量化"
      republishNotice="修改标题、简介、详细介绍、领域或关键词后需重新审核；其他修改立即生效。"
      texts={
        <>
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
        </>
      }
    >
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
    </PublicationFormShell>
  );
}
