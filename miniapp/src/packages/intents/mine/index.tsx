import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  INTENT_STAGES,
  INTENT_STAGE_LABELS,
  atLeast,
  type IntentBoardColumn,
  type IntentStage,
  type IntentSummaryView,
} from '@alliance-hub/types';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { INTENT_ROUTES } from '../../../pages/me/intent-routes';
import { getIntentBoard } from '../../../services/intents';
import { useSession } from '../../../stores/session-store';
import { appendPage, isOpen, placeCard } from '../board-state';
import { IntentCard } from '../components/intent-card';
import { StageSheet } from '../components/stage-sheet';
import { errorText, nextStage, stageStatusText } from '../intent-format';
import '../intents.scss';
import './index.scss';

/**
 * 我的意向 (phone): the intents I own, by stage, with each stage's count and how many went cold.
 * 变更阶段 on a card opens the same prompt as the desk board, preset to the next stage.
 */
export default function MyIntentsPage() {
  const session = useSession();
  const staff = session.user ? atLeast(session.user.role, 'coordinator') : false;
  const [columns, setColumns] = useState<IntentBoardColumn[] | null>(null);
  const [stage, setStage] = useState<IntentStage>('lead');
  const [error, setError] = useState<PageShellError | null>(null);
  const [moving, setMoving] = useState<IntentSummaryView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const chosen = useRef(false);

  const load = useCallback(async () => {
    if (!staff) return;
    setError(null);
    try {
      const board = await getIntentBoard({ mine: true });
      setColumns(board.columns);
      // Open on the first stage that has something, once.
      if (!chosen.current) {
        chosen.current = true;
        const first = board.columns.find((c) => c.count > 0);
        if (first) setStage(first.stage);
      }
    } catch (failure) {
      setError({ message: errorText(failure, '加载失败') });
    }
  }, [staff]);

  useEffect(() => {
    void load();
  }, [load]);
  useDidShow(() => {
    if (columns) void load();
  });
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const column = columns?.find((c) => c.stage === stage) ?? null;
  const loadMore = async () => {
    if (!column?.nextCursor) return;
    try {
      const page = await getIntentBoard({ mine: true }, { stage, cursor: column.nextCursor });
      const more = page.columns.find((c) => c.stage === stage);
      if (more) setColumns((current) => (current ? appendPage(current, more) : current));
    } catch (failure) {
      void Taro.showToast({ title: errorText(failure, '加载失败'), icon: 'none' });
    }
  };
  useReachBottom(() => void loadMore());

  if (!staff) {
    return (
      <View className="ah-page ah-my-intents">
        <PageShell
          empty
          emptyState={{
            title: '我的意向供联盟工作人员使用',
            hint: '成员可在单位页面查看本单位参与的合作意向',
          }}
        />
      </View>
    );
  }

  return (
    <View className="ah-page ah-my-intents">
      <View className="ah-my-intents__stages" role="tablist" aria-label="阶段">
        {INTENT_STAGES.map((s) => {
          const c = columns?.find((col) => col.stage === s);
          return (
            <View
              key={s}
              role="tab"
              aria-selected={s === stage}
              className={`ah-my-intents__stage${s === stage ? ' ah-my-intents__stage--on' : ''}`}
              onClick={() => {
                // A tap before the first load answers is the choice: the load must not undo it.
                chosen.current = true;
                setStage(s);
              }}
            >
              <Text className="ah-my-intents__count">{c?.count ?? '–'}</Text>
              <Text className="ah-my-intents__label">{INTENT_STAGE_LABELS[s]}</Text>
              {c && c.staleCount > 0 ? (
                <Text className="ah-my-intents__stale">{c.staleCount} 久未跟进</Text>
              ) : null}
            </View>
          );
        })}
      </View>
      {notice ? (
        <View className="ah-intents__warning" role="alert" onClick={() => setNotice(null)}>
          <Text>{notice}</Text>
        </View>
      ) : null}
      <PageShell
        loading={!columns && !error}
        error={error}
        onRetry={() => void load()}
        empty={column?.items.length === 0}
        emptyState={{
          title: `${INTENT_STAGE_LABELS[stage]}阶段没有我负责的意向`,
          hint: '从点菜式线索、互动记录或精准对接结果新建意向，或直接新建',
          actionText: '新建意向',
          onAction: () => void Taro.navigateTo({ url: INTENT_ROUTES.create() }),
        }}
      >
        {column?.items.map((intent) => (
          <IntentCard
            key={intent.id}
            intent={intent}
            onOpen={() => void Taro.navigateTo({ url: INTENT_ROUTES.detail(intent.id) })}
            onMove={intent.canEdit ? () => setMoving(intent) : undefined}
          />
        ))}
        {column?.nextCursor ? (
          <View className="ah-list-footer" role="button" onClick={() => void loadMore()}>
            <Text>加载更多</Text>
          </View>
        ) : null}
      </PageShell>
      <View className="ah-my-intents__foot">
        <Button
          className="ah-intents__button ah-intents__button--primary"
          onClick={() => void Taro.navigateTo({ url: INTENT_ROUTES.create() })}
        >
          新建意向
        </Button>
        <Button
          className="ah-intents__button"
          onClick={() => void Taro.navigateTo({ url: INTENT_ROUTES.board() })}
        >
          意向看板
        </Button>
      </View>
      {moving ? (
        <StageSheet
          intent={moving}
          target={moving.status === 'active' ? (nextStage(moving.stage) ?? moving.stage) : 'active'}
          onCancel={() => setMoving(null)}
          onDone={(updated) => {
            setMoving(null);
            setColumns((current) => (current ? placeCard(current, updated, isOpen) : current));
            void Taro.showToast({ title: '已更新', icon: 'success' });
          }}
          onConflict={(theirs) => {
            setMoving(null);
            setColumns((current) => (current ? placeCard(current, theirs, isOpen) : current));
            setNotice(`没有保存：「${theirs.topic}」刚被其他人改为「${stageStatusText(theirs)}」，已刷新。`);
          }}
        />
      ) : null}
    </View>
  );
}
