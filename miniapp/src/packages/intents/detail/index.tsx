import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  INTENT_PARTY_ROLE_LABELS,
  INTENT_SOURCE_LABELS,
  INTENT_STAGE_LABELS,
  type IntentChainView,
  type InteractionView,
  type IntentView,
} from '@alliance-hub/types';
import { DetailLayout } from '../../../components/detail-layout';
import { DirectoryTags } from '../../../components/directory-tags';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { openPublication } from '../../../pages/matchmaking/matchmaking-routes';
import { fieldLabels, useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { INTENT_ROUTES, openIntentCreate, partyParam } from '../../../pages/me/intent-routes';
import { getIntent, getIntentChain, reportIntentSigned } from '../../../services/intents';
import { listInteractions } from '../../../services/interactions';
import { StageSheet } from '../components/stage-sheet';
import { dayText, daysInStageText, errorText, stageStatusText, wanText } from '../intent-format';
import { intentTimeline } from '../timeline';
import { ContractCard } from './contract-card';
import { FundingCard } from './funding-card';
import '../intents.scss';
import './index.scss';

/**
 * 合作意向 page: parties with roles, topic and fields, links, the timeline (stage history and
 * linked interactions), contract, funding and the follow-on chain. Staff move it and edit; a
 * party's member sees it without the staff's notes and can report 我们已签约.
 */
export default function IntentDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [intent, setIntent] = useState<IntentView | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);
  const [interactions, setInteractions] = useState<InteractionView[]>([]);
  const [chain, setChain] = useState<IntentChainView | null>(null);
  const [moving, setMoving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const loaded = await getIntent(id);
      setIntent(loaded);
      // Secondary parts: the page works without them (a member may not read every interaction).
      void listInteractions({ intentId: id, limit: 50 }).then(
        (page) => setInteractions(page.items),
        () => setInteractions([]),
      );
      void getIntentChain(id).then(setChain, () => setChain(null));
    } catch (failure) {
      setError({ message: errorText(failure, '加载失败') });
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  /** Any save that answered 409: show theirs, and say my change was not saved. */
  const onConflict = (theirs: IntentView, what: string) => {
    setIntent(theirs);
    setNotice(`${what}没有保存：这条意向刚被其他人修改过，页面已显示最新内容，请核对后再改。`);
  };

  const reportSigned = async () => {
    if (!intent) return;
    const { confirm } = await Taro.showModal({
      title: '报告已签约',
      content: '告诉联盟工作人员：我们已经和合作方签订合同。工作人员核实后会更新阶段和合同信息。',
      confirmText: '报告签约',
    });
    if (!confirm) return;
    try {
      setIntent(await reportIntentSigned(intent.id, {}));
      void Taro.showToast({ title: '已报告，等待确认', icon: 'success' });
    } catch (failure) {
      void Taro.showModal({ title: '没有成功', content: errorText(failure), showCancel: false });
    }
  };

  return (
    <View className="ah-page ah-intent-detail">
      <PageShell loading={!intent && !error} error={error} onRetry={() => void load()}>
        {intent ? (
          <>
            {notice ? (
              <View className="ah-intents__warning" role="alert" onClick={() => setNotice(null)}>
                <Text>{notice}</Text>
              </View>
            ) : null}
            <DetailLayout
              main={
                <>
                  <Head
                    intent={intent}
                    onMove={() => setMoving(true)}
                    onReportSigned={() => void reportSigned()}
                  />
                  <Parties intent={intent} />
                  <About intent={intent} />
                  <Timeline intent={intent} interactions={interactions} />
                </>
              }
              side={
                <>
                  <ContractCard
                    intent={intent}
                    onSaved={setIntent}
                    onConflict={(theirs) => onConflict(theirs, '合同信息')}
                  />
                  <FundingCard
                    intent={intent}
                    onSaved={setIntent}
                    onConflict={(theirs) => onConflict(theirs, '资金信息')}
                  />
                  <Chain intent={intent} chain={chain} />
                </>
              }
            />
          </>
        ) : null}
      </PageShell>
      {moving && intent ? (
        <StageSheet
          intent={intent}
          target={intent.stage}
          onCancel={() => setMoving(false)}
          onDone={(updated) => {
            setMoving(false);
            setIntent(updated);
            setNotice(null);
            void Taro.showToast({ title: '已更新', icon: 'success' });
          }}
          onConflict={() => {
            setMoving(false);
            // The sheet's conflict carries the summary; the page wants the whole intent.
            void getIntent(id).then((theirs) => onConflict(theirs, '阶段变更'));
          }}
        />
      ) : null}
    </View>
  );
}

function Head({
  intent,
  onMove,
  onReportSigned,
}: {
  intent: IntentView;
  onMove: () => void;
  onReportSigned: () => void;
}) {
  return (
    <View className="ah-card ah-intent-detail__head">
      <View className="ah-intent-detail__title-line">
        <Text className="ah-intent-detail__topic">{intent.topic}</Text>
        {intent.stale ? <Text className="ah-intents__badge ah-intents__badge--stale">久未跟进</Text> : null}
      </View>
      <View className="ah-intent-detail__stages" aria-label="阶段">
        {(['lead', 'intent', 'negotiating', 'signed', 'executing', 'industrialised'] as const).map(
          (stage) => (
            <Text
              key={stage}
              className={`ah-intent-detail__step${stage === intent.stage ? ' ah-intent-detail__step--current' : ''}`}
            >
              {INTENT_STAGE_LABELS[stage]}
            </Text>
          ),
        )}
      </View>
      <Text className="ah-intents__muted">
        {stageStatusText(intent)} · 在此阶段 {daysInStageText(intent.daysInStage)}
        {intent.owner ? ` · 负责人 ${intent.owner.displayName}` : ''}
        {intent.lastContactAt ? ` · 最近联系 ${dayText(intent.lastContactAt)}` : ''}
      </Text>
      {intent.noFollowUp ? (
        <Text className="ah-intents__badge ah-intents__badge--flag">没有待办的跟进事项</Text>
      ) : null}
      {intent.memberReport ? (
        <View className="ah-intents__warning">
          <Text>
            {intent.memberReport.reportedBy?.displayName ?? '成员'} 于{' '}
            {dayText(intent.memberReport.reportedAt)} 报告已签约
            {intent.memberReport.signedAt ? `（签约日 ${dayText(intent.memberReport.signedAt)}）` : ''}
            {intent.canEdit ? '，请核实后把阶段改为签约并填写合同' : '，等待联盟工作人员确认'}
          </Text>
        </View>
      ) : null}
      {intent.lostNote ? <Text className="ah-intents__muted">未成经过：{intent.lostNote}</Text> : null}
      {intent.staffNote ? <Text className="ah-intents__muted">内部备注：{intent.staffNote}</Text> : null}
      {intent.canEdit || (intent.canReportSigned && !intent.memberReport) ? (
        <View className="ah-intents__actions">
          {intent.canEdit ? (
            <Button
              className="ah-intents__button ah-intents__button--primary ah-intent-detail__move"
              onClick={onMove}
            >
              变更阶段
            </Button>
          ) : null}
          {intent.canEdit ? (
            <Button
              className="ah-intents__button ah-intent-detail__edit"
              onClick={() => void Taro.navigateTo({ url: INTENT_ROUTES.edit(intent.id) })}
            >
              编辑
            </Button>
          ) : null}
          {intent.canReportSigned && !intent.memberReport ? (
            <Button
              className="ah-intents__button ah-intents__button--primary ah-intent-detail__report"
              onClick={onReportSigned}
            >
              我们已签约
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

function Parties({ intent }: { intent: IntentView }) {
  return (
    <View className="ah-card ah-intent-detail__parties">
      <Text className="ah-card__title">参与单位</Text>
      {intent.parties.map((party) => (
        <View key={party.organization.id} className="ah-intent-detail__party">
          <Text className="ah-intents__badge">{INTENT_PARTY_ROLE_LABELS[party.role]}</Text>
          <View className="ah-intent-detail__party-main">
            <Text
              className="ah-intent-detail__link"
              onClick={() =>
                void Taro.navigateTo({
                  url: `/packages/directory/org/index?id=${encodeURIComponent(party.organization.id)}`,
                })
              }
            >
              {party.organization.name}
            </Text>
            {party.people.length > 0 ? (
              <Text className="ah-intents__muted">{party.people.map((p) => p.name).join('、')}</Text>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}

function About({ intent }: { intent: IntentView }) {
  const fields = useIndustryFields(intent.fields.length > 0, intent.fields);
  const { achievements, demands, events } = intent.links;
  return (
    <View className="ah-card ah-intent-detail__about">
      <Text className="ah-card__title">合作内容</Text>
      <Text className="ah-intent-detail__text">{intent.description || '暂无描述'}</Text>
      {intent.fields.length > 0 ? <DirectoryTags tags={fieldLabels(fields, intent.fields)} /> : null}
      <Text className="ah-intents__muted">来源：{INTENT_SOURCE_LABELS[intent.source.kind]}</Text>
      {achievements.map((a) => (
        <Text
          key={a.id}
          className="ah-intent-detail__link"
          onClick={() => openPublication('achievement', a.id)}
        >
          成果：{a.title}
        </Text>
      ))}
      {demands.map((d) => (
        <Text key={d.id} className="ah-intent-detail__link" onClick={() => openPublication('demand', d.id)}>
          需求：{d.title}
        </Text>
      ))}
      {events.map((e) => (
        <Text
          key={e.id}
          className="ah-intent-detail__link"
          onClick={() =>
            void Taro.navigateTo({ url: `/packages/events/detail/index?id=${encodeURIComponent(e.id)}` })
          }
        >
          活动：{e.title}
        </Text>
      ))}
    </View>
  );
}

function Timeline({ intent, interactions }: { intent: IntentView; interactions: InteractionView[] }) {
  const entries = intentTimeline(intent, interactions);
  return (
    <View className="ah-card ah-intent-detail__timeline">
      <Text className="ah-card__title">进展</Text>
      {entries.map((entry) => (
        <View key={entry.key} className={`ah-intent-detail__entry ah-intent-detail__entry--${entry.kind}`}>
          <Text className="ah-intent-detail__entry-date">{dayText(entry.at)}</Text>
          <View className="ah-intent-detail__entry-body">
            <Text className="ah-intent-detail__entry-title">
              {entry.title}
              {entry.backdated ? (
                <Text className="ah-intents__badge ah-intents__badge--flag"> 补记</Text>
              ) : null}
            </Text>
            {entry.note ? <Text className="ah-intents__muted">{entry.note}</Text> : null}
            <Text className="ah-intent-detail__entry-by">
              {entry.by ?? ''}
              {entry.backdated && entry.recordedAt ? ` · ${dayText(entry.recordedAt)} 录入` : ''}
            </Text>
          </View>
        </View>
      ))}
    </View>
  );
}

function Chain({ intent, chain }: { intent: IntentView; chain: IntentChainView | null }) {
  const nodes = chain?.nodes ?? [];
  return (
    <View className="ah-card ah-intent-detail__chain">
      <Text className="ah-card__title">合作链</Text>
      {nodes.length <= 1 ? (
        <Text className="ah-intents__muted">
          还没有前序或后续合作。{intent.canEdit ? '签约后的新一轮合作可用「添加后续意向」接在这条之后。' : ''}
        </Text>
      ) : (
        nodes.map((node) => (
          <View
            key={node.id}
            className={`ah-intent-detail__node${node.id === intent.id ? ' ah-intent-detail__node--current' : ''}`}
            style={{ paddingLeft: `${node.depth * 24}px` }}
            onClick={
              node.restricted || node.id === intent.id
                ? undefined
                : () => void Taro.redirectTo({ url: INTENT_ROUTES.detail(node.id) })
            }
          >
            <Text>
              {node.depth > 0 ? '└ ' : ''}
              {node.year} 年 · {node.topic ?? '（其他单位的合作，无权查看）'}
            </Text>
            <Text className="ah-intents__muted">
              {INTENT_STAGE_LABELS[node.stage]}
              {node.amount !== null ? ` · ${wanText(node.amount)}` : ''}
            </Text>
          </View>
        ))
      )}
      {intent.canEdit ? (
        <Button
          className="ah-intents__button ah-intents__button--small"
          onClick={() =>
            openIntentCreate({
              parentId: intent.id,
              topic: `${intent.topic}（后续）`,
              parties: partyParam(
                intent.parties.map((p) => ({
                  id: p.organization.id,
                  role: p.role,
                  name: p.organization.name,
                })),
              ),
            })
          }
        >
          添加后续意向
        </Button>
      ) : null}
    </View>
  );
}
