import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import {
  COOPERATION_MODES,
  COOPERATION_MODE_LABELS,
  DEMAND_PROGRESSES,
  DEMAND_PROGRESS_LABELS,
  DEMAND_VISIBILITIES,
  DEMAND_VISIBILITY_LABELS,
  DemandCreateBody,
  DemandUpdateBody,
  PUBLICATION_LIMITS,
  todayInShanghai,
  type DemandDetailView,
} from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { createDemand, demandAction, getDemand, updateDemand } from '../../../services/demands';
import { NO_CUT } from '../../../utils/text-limit';
import { ChoiceChips } from '../components/choice-chips';
import { EditFrame } from '../components/edit-frame';
import type { OwnerRef } from '../components/owner-and-contacts';
import { PublicationFormShell } from '../components/publication-form-shell';
import { usePublicationEditor } from '../use-publication-form';
import { demandChanges, demandCreateBody, demandFormOf } from './demand-form';
import '../../directory/directory-form.scss';
import '../matchmaking.scss';

const MODE_OPTIONS = COOPERATION_MODES.map((m) => ({ value: m, label: COOPERATION_MODE_LABELS[m] }));
const VISIBILITY_OPTIONS = DEMAND_VISIBILITIES.map((v) => ({ value: v, label: DEMAND_VISIBILITY_LABELS[v] }));
const PROGRESS_OPTIONS = DEMAND_PROGRESSES.map((p) => DEMAND_PROGRESS_LABELS[p]);

/** 发布需求 / 编辑需求 (`?id=`). */
export default function DemandEditPage() {
  return (
    <EditFrame noun="需求" load={getDemand}>
      {(item, { isStaff, defaultOwner }) => (
        <DemandEditForm item={item} isStaff={isStaff} defaultOwner={defaultOwner} />
      )}
    </EditFrame>
  );
}

export function DemandEditForm({
  item,
  isStaff,
  defaultOwner,
}: {
  item: DemandDetailView | null;
  isStaff: boolean;
  defaultOwner: OwnerRef | null;
}) {
  const editor = usePublicationEditor({
    kind: 'demand',
    item,
    initial: () => demandFormOf(item, defaultOwner),
    createBody: demandCreateBody,
    changes: demandChanges,
    schemas: { create: DemandCreateBody, update: DemandUpdateBody },
    api: { create: createDemand, update: updateDemand, action: demandAction },
  });
  const { form, set, err } = editor;

  return (
    <PublicationFormShell
      editor={editor}
      item={item}
      isStaff={isStaff}
      titleLabel="需求名称"
      titlePlaceholder="如：高温合金叶片精密铸造缺陷控制"
      keywordsPlaceholder="如：精密铸造、缩松、高温合金"
      republishNotice="修改标题、描述、领域或关键词后需重新审核；进展、预算、截止日期、公开范围和联系人的修改立即生效。"
      texts={
        <>
          <FormField
            label="需求描述"
            required
            error={err('description')}
            limit={PUBLICATION_LIMITS.text}
            value={form.description}
            hint="现状、要解决的问题、希望达到的指标，可分段"
          >
            <Textarea
              className="ah-edit__textarea"
              value={form.description}
              maxlength={NO_CUT}
              autoHeight
              aria-label="需求描述"
              onInput={(e) => set('description', e.detail.value)}
            />
          </FormField>
        </>
      }
    >
      <FormField label="合作方式" required error={err('cooperationModes')}>
        <ChoiceChips
          label="合作方式"
          options={MODE_OPTIONS}
          value={form.cooperationModes}
          onChange={(modes) => set('cooperationModes', modes)}
        />
      </FormField>
      <FormField
        label="预算（万元）"
        error={err('budgetMinWan') ?? err('budgetMaxWan') ?? err('budgetNegotiable')}
      >
        <View className="ah-mm-form__money">
          <Input
            className="ah-edit__input"
            type="digit"
            value={form.budgetMin}
            placeholder={form.budgetNegotiable ? '面议' : '下限'}
            disabled={form.budgetNegotiable}
            aria-label="预算下限"
            onInput={(e) => set('budgetMin', e.detail.value)}
          />
          <Text className="ah-mm__muted">至</Text>
          <Input
            className="ah-edit__input"
            type="digit"
            value={form.budgetMax}
            placeholder={form.budgetNegotiable ? '面议' : '上限'}
            disabled={form.budgetNegotiable}
            aria-label="预算上限"
            onInput={(e) => set('budgetMax', e.detail.value)}
          />
          <View className="ah-mm-form__switch">
            <Text>面议</Text>
            <Switch
              checked={form.budgetNegotiable}
              aria-label="预算面议"
              onChange={(e) => {
                set('budgetNegotiable', e.detail.value);
                if (e.detail.value) {
                  set('budgetMin', '');
                  set('budgetMax', '');
                }
              }}
            />
          </View>
        </View>
      </FormField>
      <FormField label="截止日期" error={err('deadline')} hint="不选表示长期有效">
        <View className="ah-mm-form__money">
          <Picker
            mode="date"
            value={form.deadline || todayInShanghai()}
            start={todayInShanghai()}
            aria-label="截止日期"
            onChange={(e) => set('deadline', String(e.detail.value))}
          >
            <View className="ah-edit__picker">
              {form.deadline ? (
                <Text>{form.deadline}</Text>
              ) : (
                <Text className="ah-edit__placeholder">长期有效</Text>
              )}
            </View>
          </Picker>
          {form.deadline ? (
            <View className="ah-mm-form__remove" role="button" onClick={() => set('deadline', '')}>
              <Text>清除</Text>
            </View>
          ) : null}
        </View>
      </FormField>
      {item ? (
        <FormField label="进展" error={err('progress')}>
          <Picker
            mode="selector"
            range={PROGRESS_OPTIONS}
            value={DEMAND_PROGRESSES.indexOf(form.progress)}
            aria-label="进展"
            onChange={(e) => set('progress', DEMAND_PROGRESSES[Number(e.detail.value)] ?? form.progress)}
          >
            <View className="ah-edit__picker">{DEMAND_PROGRESS_LABELS[form.progress]}</View>
          </Picker>
        </FormField>
      ) : null}
      <FormField
        label="公开范围"
        error={err('visibility')}
        hint="不希望同行看到的难题可选“仅联盟工作人员可见”，由工作人员定向对接"
      >
        <ChoiceChips
          label="公开范围"
          single
          options={VISIBILITY_OPTIONS}
          value={[form.visibility]}
          onChange={([visibility]) => visibility && set('visibility', visibility)}
        />
      </FormField>
    </PublicationFormShell>
  );
}
