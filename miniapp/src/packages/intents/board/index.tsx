import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, ScrollView, Text, View } from '@tarojs/components';
import {
  INTENT_STAGE_LABELS,
  atLeast,
  type IntentBoardColumn,
  type IntentStage,
  type IntentSummaryView,
} from '@alliance-hub/types';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { Tabs } from '../../../components/tabs';
import { INTENT_ROUTES } from '../../../pages/me/intent-routes';
import { getIntentBoard } from '../../../services/intents';
import { useSession } from '../../../stores/session-store';
import { appendPage, findCard, isOpen, placeCard } from '../board-state';
import {
  BoardFilters,
  NO_FILTERS,
  toIntentFilters,
  type BoardFilterState,
} from '../components/board-filters';
import { IntentCard } from '../components/intent-card';
import { IntentTable } from '../components/intent-table';
import { StageSheet } from '../components/stage-sheet';
import { errorText, stageStatusText, wanText } from '../intent-format';
import type { StageTarget } from '../stage-form';
import '../intents.scss';
import './index.scss';

type View = 'board' | 'table';
const VIEWS = [
  { value: 'board', label: '看板' },
  { value: 'table', label: '表格' },
] as const;

/** HTML5 drag and drop exists only in the browser build; Taro's H5 View passes the handlers to its div. */
const CAN_DRAG = process.env.TARO_ENV === 'h5';

interface Move {
  card: IntentSummaryView;
  target: StageTarget;
}

interface Conflict {
  mine: IntentSummaryView;
  theirs: IntentSummaryView;
}

/**
 * 意向看板 (the desk): a column per stage with counts, 成交额 totals and stale counts; drag a card
 * to another column (or use 变更阶段 on a phone) and the same prompt as everywhere asks for the
 * note, the day and — entering 签约 — the contract. A 409 shows where the intent is now.
 */
export default function IntentBoardPage() {
  const session = useSession();
  const staff = session.user ? atLeast(session.user.role, 'coordinator') : false;
  const [view, setView] = useState<View>('board');
  const { params } = useRouter();
  // ?q= opens the board on a search (a link from elsewhere, or a bookmark).
  const [filterState, setFilterState] = useState<BoardFilterState>(() => ({
    ...NO_FILTERS,
    q: params.q ? decodeURIComponent(params.q) : '',
  }));
  const filters = useMemo(() => toIntentFilters(filterState), [filterState]);
  const [columns, setColumns] = useState<IntentBoardColumn[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<PageShellError | null>(null);
  const [move, setMove] = useState<Move | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<IntentStage | null>(null);
  const generation = useRef(0);

  const load = useCallback(async () => {
    if (!staff) return;
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const board = await getIntentBoard(filters);
      if (mine === generation.current) setColumns(board.columns);
    } catch (failure) {
      if (mine === generation.current) setError({ message: errorText(failure, '加载失败') });
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [filters, staff]);

  useEffect(() => {
    void load();
  }, [load]);
  useDidShow(() => {
    if (columns) void load();
  });

  const loadMore = async (column: IntentBoardColumn) => {
    try {
      const page = await getIntentBoard(filters, { stage: column.stage, cursor: column.nextCursor });
      const more = page.columns.find((c) => c.stage === column.stage);
      if (more) setColumns((current) => (current ? appendPage(current, more) : current));
    } catch (failure) {
      void Taro.showToast({ title: errorText(failure, '加载失败'), icon: 'none' });
    }
  };

  const drop = (id: string, stage: IntentStage) => {
    setDragging(null);
    setOver(null);
    const card = columns ? findCard(columns, id) : null;
    if (!card || card.stage === stage) return;
    setConflict(null);
    setMove({ card, target: stage });
  };

  const open = (card: IntentSummaryView) => void Taro.navigateTo({ url: INTENT_ROUTES.detail(card.id) });

  if (!staff) {
    return (
      <View className="ah-page ah-intent-board">
        <PageShell
          empty
          emptyState={{ title: '意向看板供联盟工作人员使用', hint: '成员可在「我的」查看本单位的合作意向' }}
        />
      </View>
    );
  }

  return (
    <View className="ah-page ah-intent-board">
      <View className="ah-intent-board__bar">
        <Tabs options={VIEWS} value={view} onChange={setView} />
        {session.user?.role === 'secretariat' ? (
          <Button
            className="ah-intents__button ah-intents__button--small"
            onClick={() => void Taro.navigateTo({ url: INTENT_ROUTES.settings() })}
          >
            停滞设置
          </Button>
        ) : null}
        <Button
          className="ah-intents__button ah-intents__button--primary ah-intents__button--small"
          onClick={() => void Taro.navigateTo({ url: INTENT_ROUTES.create() })}
        >
          新建意向
        </Button>
      </View>
      <BoardFilters value={filterState} onChange={setFilterState} />
      {conflict ? (
        <View className="ah-card ah-intent-board__conflict" role="alert">
          <Text className="ah-card__title">这条意向刚被其他人改过，你的变更没有保存</Text>
          <Text className="ah-intents__muted">
            「{conflict.theirs.topic}」现在是「{stageStatusText(conflict.theirs)}」
            {conflict.theirs.owner ? `，负责人 ${conflict.theirs.owner.displayName}` : ''}
            。卡片已按最新状态刷新，如仍需变更请再拖动一次。
          </Text>
          <Button className="ah-intents__button ah-intents__button--small" onClick={() => setConflict(null)}>
            知道了
          </Button>
        </View>
      ) : null}
      {view === 'table' ? (
        <IntentTable filters={filters} onOpen={open} />
      ) : (
        <PageShell loading={loading && !columns} error={error} onRetry={() => void load()}>
          <ScrollView scrollX className="ah-intent-board__scroll">
            <View className="ah-intent-board__columns">
              {(columns ?? []).map((column) => (
                <View
                  key={column.stage}
                  className={`ah-intent-board__column${over === column.stage ? ' ah-intent-board__column--over' : ''}`}
                  data-column={column.stage}
                  {...(CAN_DRAG
                    ? {
                        onDragOver: (e: DragEvent) => {
                          e.preventDefault();
                          if (over !== column.stage) setOver(column.stage);
                        },
                        onDragLeave: () => setOver((current) => (current === column.stage ? null : current)),
                        onDrop: (e: DragEvent) => {
                          e.preventDefault();
                          drop(e.dataTransfer?.getData('text/plain') || dragging || '', column.stage);
                        },
                      }
                    : {})}
                >
                  <View className="ah-intent-board__head">
                    <Text className="ah-intent-board__stage">{INTENT_STAGE_LABELS[column.stage]}</Text>
                    <Text className="ah-intent-board__count">{column.count}</Text>
                    {column.staleCount > 0 ? (
                      <Text className="ah-intents__badge ah-intents__badge--stale">
                        {column.staleCount} 久未跟进
                      </Text>
                    ) : null}
                  </View>
                  {column.amountTotal > 0 ? (
                    <Text className="ah-intents__muted ah-intent-board__total">
                      成交额 {wanText(column.amountTotal)}
                    </Text>
                  ) : null}
                  {column.items.length === 0 ? (
                    <Text className="ah-intent-board__empty">{CAN_DRAG ? '拖动卡片到这里' : '暂无'}</Text>
                  ) : null}
                  {column.items.map((card) => (
                    <View
                      key={card.id}
                      className={`ah-intent-board__card${dragging === card.id ? ' ah-intent-board__card--dragging' : ''}`}
                      {...(CAN_DRAG && card.canEdit
                        ? {
                            draggable: true,
                            onDragStart: (e: DragEvent) => {
                              e.dataTransfer?.setData('text/plain', card.id);
                              if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
                              setDragging(card.id);
                            },
                            onDragEnd: () => {
                              setDragging(null);
                              setOver(null);
                            },
                          }
                        : {})}
                    >
                      <IntentCard
                        intent={card}
                        compact
                        onOpen={() => open(card)}
                        onMove={
                          card.canEdit && !CAN_DRAG ? () => setMove({ card, target: card.stage }) : undefined
                        }
                      />
                    </View>
                  ))}
                  {column.nextCursor ? (
                    <View
                      className="ah-intent-board__more"
                      role="button"
                      onClick={() => void loadMore(column)}
                    >
                      <Text>加载更多（共 {column.count}）</Text>
                    </View>
                  ) : null}
                </View>
              ))}
            </View>
          </ScrollView>
        </PageShell>
      )}
      {move ? (
        <StageSheet
          intent={move.card}
          target={move.target}
          onCancel={() => setMove(null)}
          onDone={(updated) => {
            setMove(null);
            setColumns((current) => (current ? placeCard(current, updated, isOpen) : current));
            void Taro.showToast({ title: `已移到${INTENT_STAGE_LABELS[updated.stage]}`, icon: 'success' });
          }}
          onConflict={(theirs) => {
            setConflict({ mine: move.card, theirs });
            setMove(null);
            setColumns((current) => (current ? placeCard(current, theirs, isOpen) : current));
          }}
        />
      ) : null}
    </View>
  );
}
