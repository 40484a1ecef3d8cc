import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  EARLIER_CONTACT_LABELS,
  MATCH_BAND_LABELS,
  MATCH_DISMISS_REASONS,
  MATCH_DISMISS_REASON_LABELS,
  MATCH_TARGET_LABELS,
  MATURITY_FIT_LABELS,
  MATURITY_LABELS,
  MatchFeedbackBody,
  type HighlightedText,
  type MatchDismissReason,
  type MatchListView,
  type MatchResultView,
  type MatchTargetKind,
} from '@alliance-hub/types';
import { openOrganization, openPerson } from '../../../pages/directory/directory-routes';
import { MATCHMAKING_ROUTES, openPublication } from '../../../pages/matchmaking/matchmaking-routes';
import { INTENT_ROUTES } from '../../../pages/me/intent-routes';
import { listMatchIntents } from '../../../services/intents';
import { giveMatchFeedback, listMatches, type MatchSubjectKind } from '../../../services/matching';
import { useSession } from '../../../stores/session-store';
import { ApiError } from '../../../utils/api-error';
import { TextSheet } from './text-sheet';
import './match-section.scss';

const TARGETS: Record<MatchSubjectKind, MatchTargetKind[]> = {
  demand: ['achievement', 'expert'],
  achievement: ['demand', 'organization'],
};
const toast = (title: string, icon: 'success' | 'none' = 'none') => void Taro.showToast({ title, icon });
const messageOf = (failure: unknown, fallback: string) =>
  failure instanceof ApiError ? failure.message : fallback;

/**
 * 匹配: on a published achievement or demand, what may answer it (achievements and experts for a
 * demand; demands and enterprises for an achievement), each with its score band and the reasons
 * (matched terms, highlighted in both texts, fields, maturity, region, 曾有接触). Coordinators and
 * the owner mark a result 不合适 (with a reason; it leaves the list) or 已对接 (a lead for the pipeline).
 */
export function MatchSection({ kind, id }: { kind: MatchSubjectKind; id: string }) {
  const [tab, setTab] = useState<MatchTargetKind>(TARGETS[kind][0]);
  const [list, setList] = useState<MatchListView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHidden] = useState(false);
  const [loading, setLoading] = useState(true);
  const [other, setOther] = useState<MatchResultView | null>(null);
  const [busy, setBusy] = useState(false);
  const role = useSession().user?.role;
  const staff = role === 'coordinator' || role === 'secretariat';

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setList(await listMatches(kind, id, { limit: 10 }));
    } catch (failure) {
      // Guests are not shown matches: the section simply is not there for them.
      if (failure instanceof ApiError && failure.status === 403) setHidden(true);
      else setError(messageOf(failure, '匹配结果加载失败'));
    } finally {
      setLoading(false);
    }
  }, [kind, id]);

  useEffect(() => {
    void load();
  }, [load]);

  const send = async (result: MatchResultView, body: MatchFeedbackBody) => {
    setBusy(true);
    try {
      const saved = await giveMatchFeedback(kind, id, body);
      setList((current) =>
        current && body.verdict === 'dismissed'
          ? {
              ...current,
              results: current.results.filter((r) => !(r.kind === result.kind && r.id === result.id)),
              dismissedCount: current.dismissedCount + 1,
            }
          : current,
      );
      if (body.verdict === 'connected') {
        setConnected((done) => new Set(done).add(`${result.kind}:${result.id}`));
        const intentId = saved.intentId;
        if (intentId) setIntentOf((known) => new Map(known).set(`${result.kind}:${result.id}`, intentId));
        toast(saved.intentId ? '已登记为对接线索' : '已记录，工作人员会跟进', 'success');
      } else toast('已移出列表', 'success');
      setOther(null);
    } catch (failure) {
      toast(messageOf(failure, '提交失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };
  const [connected, setConnected] = useState<Set<string>>(new Set());
  // Results already marked 已对接 whose intent the viewer may open (staff, or a party to it).
  const [intentOf, setIntentOf] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    listMatchIntents(kind, id).then(
      (leads) => setIntentOf(new Map(leads.items.map((l) => [`${l.targetKind}:${l.targetId}`, l.intentId]))),
      // Guests may not read intents: the list simply shows no links.
      () => setIntentOf(new Map()),
    );
  }, [kind, id]);

  const dismiss = async (result: MatchResultView) => {
    try {
      const labels = MATCH_DISMISS_REASONS.map((r) => MATCH_DISMISS_REASON_LABELS[r]);
      const { tapIndex } = await Taro.showActionSheet({ itemList: labels });
      const reason: MatchDismissReason = MATCH_DISMISS_REASONS[tapIndex];
      if (reason === 'other') setOther(result);
      else await send(result, { targetKind: result.kind, targetId: result.id, verdict: 'dismissed', reason });
    } catch {
      // The sheet was closed without a choice.
    }
  };

  const connect = async (result: MatchResultView) => {
    const { confirm } = await Taro.showModal({
      title: '标记为已对接',
      content: `确认已与“${result.title}”取得联系？将为联盟工作人员登记一条对接线索。`,
      confirmText: '已对接',
      cancelText: '取消',
    });
    if (confirm) await send(result, { targetKind: result.kind, targetId: result.id, verdict: 'connected' });
  };

  if (hidden) return null;
  const shown = list?.results.filter((r) => r.kind === tab) ?? [];
  return (
    <View className="ah-card ah-match" data-testid="matches">
      <View className="ah-match__head">
        <Text className="ah-card__title">匹配推荐</Text>
        <View className="ah-match__tabs">
          {TARGETS[kind].map((target) => (
            <Text
              key={target}
              className={`ah-match__tab${tab === target ? ' ah-match__tab--on' : ''}`}
              onClick={() => setTab(target)}
            >
              {MATCH_TARGET_LABELS[target]} {list ? list.results.filter((r) => r.kind === target).length : ''}
            </Text>
          ))}
        </View>
      </View>
      {loading && !list ? <Text className="ah-mm__muted">正在计算匹配…</Text> : null}
      {error ? (
        <View className="ah-match__error">
          <Text>{error}</Text>
          <Text className="ah-match__link" onClick={() => void load()}>
            重试
          </Text>
        </View>
      ) : null}
      {list?.hint && tab === TARGETS[kind][0] ? <Text className="ah-match__hint">{list.hint}</Text> : null}
      {list && shown.length === 0 ? (
        <Text className="ah-mm__muted">
          暂无可推荐的{MATCH_TARGET_LABELS[tab]}。发布的内容越具体（材料、工艺、指标），匹配越准确。
        </Text>
      ) : null}
      {shown.map((result) => (
        <MatchRow
          key={`${result.kind}-${result.id}`}
          result={result}
          connected={
            connected.has(`${result.kind}:${result.id}`) || intentOf.has(`${result.kind}:${result.id}`)
          }
          intentId={intentOf.get(`${result.kind}:${result.id}`) ?? null}
          canGiveFeedback={list?.canGiveFeedback ?? false}
          busy={busy}
          onDismiss={() => void dismiss(result)}
          onConnect={() => void connect(result)}
        />
      ))}
      {staff ? (
        <Text
          className="ah-match__link ah-match__synonyms"
          onClick={() => void Taro.navigateTo({ url: MATCHMAKING_ROUTES.synonyms() })}
        >
          匹配用的同义词表 ›
        </Text>
      ) : null}
      {list && list.dismissedCount > 0 ? (
        <Text className="ah-mm__muted">已隐藏 {list.dismissedCount} 条标记为不合适的结果</Text>
      ) : null}
      {other ? (
        <TextSheet
          title="不合适：其他原因"
          label="原因"
          placeholder="简要说明为什么不合适，帮助改进推荐"
          schema={MatchFeedbackBody.shape.note.unwrap()}
          limit={200}
          required
          confirmText="提交"
          busy={busy}
          onSubmit={(note) =>
            void send(other, {
              targetKind: other.kind,
              targetId: other.id,
              verdict: 'dismissed',
              reason: 'other',
              note,
            })
          }
          onCancel={() => setOther(null)}
        />
      ) : null}
    </View>
  );
}

function open(result: MatchResultView) {
  if (result.kind === 'achievement' || result.kind === 'demand') openPublication(result.kind, result.id);
  else if (result.kind === 'expert') openPerson(result.id);
  else openOrganization(result.id);
}

function MatchRow(props: {
  result: MatchResultView;
  connected: boolean;
  intentId: string | null;
  canGiveFeedback: boolean;
  busy: boolean;
  onDismiss: () => void;
  onConnect: () => void;
}) {
  const { result } = props;
  const [expanded, setExpanded] = useState(false);
  const e = result.explanation;
  const facts = [
    e.sharedFields.length > 0 ? `同属${e.sharedFields.map((f) => f.label).join('、')}` : null,
    e.maturity.fit !== 'unknown'
      ? `${MATURITY_FIT_LABELS[e.maturity.fit]}${e.maturity.offered ? `（${MATURITY_LABELS[e.maturity.offered]}）` : ''}`
      : null,
    e.region.same && e.region.province ? `同在${e.region.province}` : null,
  ].filter(Boolean);
  return (
    <View className="ah-match__row">
      <View className="ah-match__top" onClick={() => open(result)}>
        <Text className="ah-match__title">{result.title}</Text>
        <Text className={`ah-match__band ah-match__band--${result.band}`}>
          {MATCH_BAND_LABELS[result.band]} {Math.round(result.score * 100)}
        </Text>
      </View>
      {result.subtitle ? <Text className="ah-mm__muted">{result.subtitle}</Text> : null}
      <View className="ah-match__terms">
        {e.terms.slice(0, 6).map((term) => (
          <Text key={term.term} className={`ah-match__term${term.via ? ' ah-match__term--via' : ''}`}>
            {term.term}
            {term.synonyms.length > 0 ? `（${term.synonyms.slice(0, 2).join('、')}）` : ''}
            {term.via ? ` ← ${term.via}` : ''}
          </Text>
        ))}
        {e.earlierContact.length > 0 ? (
          <Text className="ah-match__term ah-match__term--contact">
            曾有接触：{e.earlierContact.map((k) => EARLIER_CONTACT_LABELS[k]).join('、')}
          </Text>
        ) : null}
      </View>
      {facts.length > 0 ? <Text className="ah-match__facts">{facts.join(' · ')}</Text> : null}
      {expanded ? (
        <View className="ah-match__why">
          <Text className="ah-mm__label">本条内容</Text>
          <Highlighted value={e.subject.title} />
          <Highlighted value={e.subject.text} clip />
          <Text className="ah-mm__label">匹配内容</Text>
          <Highlighted value={e.target.title} />
          <Highlighted value={e.target.text} clip />
        </View>
      ) : null}
      <View className="ah-match__actions">
        <Text className="ah-match__link" onClick={() => setExpanded(!expanded)}>
          {expanded ? '收起依据' : '查看依据'}
        </Text>
        {props.intentId ? (
          <Text
            className="ah-match__link"
            onClick={() => void Taro.navigateTo({ url: INTENT_ROUTES.detail(props.intentId!) })}
          >
            查看意向
          </Text>
        ) : null}
        {props.canGiveFeedback ? (
          props.connected ? (
            <Text className="ah-match__done">已对接</Text>
          ) : (
            <>
              <Button
                className="ah-match__button"
                disabled={props.busy || undefined}
                onClick={props.onDismiss}
              >
                不合适
              </Button>
              <Button
                className="ah-match__button ah-match__button--primary"
                disabled={props.busy || undefined}
                onClick={props.onConnect}
              >
                已对接
              </Button>
            </>
          )
        ) : null}
      </View>
    </View>
  );
}

/** A text with its matched spans marked; long texts are cut around the first mark. */
function Highlighted({ value, clip }: { value: HighlightedText; clip?: boolean }) {
  const { text, spans } = value;
  if (!text) return null;
  const start = clip && spans.length > 0 ? Math.max(0, spans[0].start - 30) : 0;
  const end = clip ? Math.min(text.length, start + 160) : text.length;
  const parts: Array<{ text: string; hit: boolean }> = [];
  let at = start;
  for (const span of spans) {
    if (span.end <= start || span.start >= end) continue;
    const from = Math.max(span.start, start);
    if (from > at) parts.push({ text: text.slice(at, from), hit: false });
    parts.push({ text: text.slice(from, Math.min(span.end, end)), hit: true });
    at = Math.min(span.end, end);
  }
  if (at < end) parts.push({ text: text.slice(at, end), hit: false });
  return (
    <Text className="ah-match__text">
      {start > 0 ? '…' : ''}
      {parts.map((part, i) =>
        part.hit ? (
          <Text key={i} className="ah-match__hl">
            {part.text}
          </Text>
        ) : (
          part.text
        ),
      )}
      {end < text.length ? '…' : ''}
    </Text>
  );
}
