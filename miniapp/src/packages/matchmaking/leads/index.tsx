import { useCallback, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  ORG_KIND_LABELS,
  SELECTION_ITEM_KIND_LABELS,
  type InterestView,
  type SelectionView,
} from '@alliance-hub/types';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../../components/directory-session-gate';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { Tabs } from '../../../components/tabs';
import { openPublication } from '../../../pages/matchmaking/matchmaking-routes';
import { openIntentCreate, prefillFromSelection } from '../../../pages/me/intent-routes';
import {
  listInterests,
  listSelections,
  markInterestHandled,
  markSelectionHandled,
} from '../../../services/selections';
import { ApiError } from '../../../utils/api-error';
import { formatShanghaiTime } from '../../../utils/format-time';
import { useCursorList } from '../../../utils/use-cursor-list';
import '../matchmaking.scss';

type Filter = 'no' | 'yes' | '';
const FILTERS = [
  { value: 'no', label: '待跟进' },
  { value: 'yes', label: '已处理' },
  { value: '', label: '全部' },
] as const;

/** A 点菜 tick at an event, or 我感兴趣 outside one (no event, so not yet an intent's source). */
type Lead = SelectionView | InterestView;
const atEvent = (lead: Lead): lead is SelectionView => 'event' in lead;

/**
 * 对接线索: with `?eventId=` the event's 点菜 ticks as the coordinators' work list; without, the
 * 我感兴趣 expressed on item pages outside any event. Mark each handled.
 */
export default function LeadsPage() {
  const { params } = useRouter();
  const eventId = params.eventId ?? '';
  const access = useDirectoryAccess();
  const [handled, setHandled] = useState<Filter>('no');
  const [busy, setBusy] = useState<string | null>(null);
  const fetchPage = useCallback(
    (cursor: string | null) =>
      access !== 'ready'
        ? Promise.resolve({ items: [] as Lead[], nextCursor: null })
        : eventId
          ? listSelections(eventId, { handled, cursor, limit: 50 })
          : listInterests({ handled, cursor, limit: 50 }),
    [access, eventId, handled],
  );
  const list = useCursorList<Lead>(fetchPage);
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  const mark = async (lead: Lead, next: boolean) => {
    setBusy(lead.id);
    try {
      const updated = atEvent(lead)
        ? await markSelectionHandled(eventId, lead.id, next)
        : await markInterestHandled(lead.id, next);
      // A lead that no longer matches the tab leaves it; in 全部 it is updated in place.
      list.setItems((items) =>
        handled === ''
          ? items.map((s) => (s.id === lead.id ? updated : s))
          : items.filter((s) => s.id !== lead.id),
      );
      void Taro.showToast({ title: next ? '已标记为已处理' : '已改回待跟进', icon: 'success' });
    } catch (failure) {
      void Taro.showToast({
        title: failure instanceof ApiError ? failure.message : '操作失败，请稍后重试',
        icon: 'none',
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="ah-page ah-mm ah-mm-leads">
      <Tabs options={FILTERS} value={handled} onChange={setHandled} />
      <DirectorySessionGate access={access}>
        {isSignInError(list.error) ? (
          <SignInPrompt
            hint={eventId ? '登录后查看本活动的对接线索' : '登录后查看成员表示感兴趣的成果和需求'}
          />
        ) : (
          <PageShell
            loading={list.loading && !list.items}
            error={list.error}
            onRetry={() => void list.reload()}
            empty={!list.loading && list.items?.length === 0}
            emptyState={
              !eventId
                ? {
                    title: handled === 'no' ? '没有待跟进的意向' : '暂无意向',
                    hint: '成员在成果或需求详情页点「我感兴趣」后，会出现在这里；活动中的勾选请到活动页查看',
                  }
                : handled === 'no'
                  ? { title: '没有待跟进的线索', hint: '参会代表在活动页勾选成果或需求后，会出现在这里' }
                  : { title: '暂无线索', hint: '请参会代表在活动页的「点菜式对接」中勾选感兴趣的成果或需求' }
            }
          >
            {!eventId ? (
              <Text className="ah-mm__muted ah-mm-leads__about">
                活动之外，成员在详情页点「我感兴趣」登记的意向
              </Text>
            ) : null}
            {list.items?.map((lead) => (
              <View
                key={lead.id}
                className="ah-card ah-mm-lead"
                data-id={lead.id}
                data-handled={lead.handled}
              >
                <View
                  className="ah-mm-lead__item"
                  role="link"
                  onClick={() => openPublication(lead.item.kind, lead.item.id)}
                >
                  <Text className="ah-mm__tag">{SELECTION_ITEM_KIND_LABELS[lead.item.kind]}</Text>
                  <Text className="ah-mm-lead__title">{lead.item.title}</Text>
                  <Text className="ah-mm__muted">{lead.item.owner.name}</Text>
                </View>
                <View className="ah-mm-lead__who">
                  <Text className="ah-mm-lead__person">
                    {lead.person.name}
                    {lead.person.title ? ` · ${lead.person.title}` : ''}
                  </Text>
                  {lead.organization ? (
                    <Text className="ah-mm__muted">
                      {lead.organization.name}（{ORG_KIND_LABELS[lead.organization.kind]}）
                    </Text>
                  ) : null}
                </View>
                {lead.note ? <Text className="ah-mm-lead__note">“{lead.note}”</Text> : null}
                <View className="ah-mm-lead__foot">
                  <Text className="ah-mm__muted">
                    {lead.handled && lead.handledBy
                      ? `${lead.handledBy.displayName} 已处理`
                      : `${atEvent(lead) ? '勾选' : '登记'}于 ${formatShanghaiTime(lead.createdAt).slice(5, 16)}`}
                  </Text>
                  {lead.handled || !atEvent(lead) ? null : (
                    <Button
                      className="ah-mm__button ah-mm__button--ghost ah-mm-lead__intent"
                      onClick={() => openIntentCreate(prefillFromSelection(lead))}
                    >
                      转为意向
                    </Button>
                  )}
                  <Button
                    className={`ah-mm__button${lead.handled ? ' ah-mm__button--ghost' : ''}`}
                    disabled={busy === lead.id || undefined}
                    onClick={() => void mark(lead, !lead.handled)}
                  >
                    {lead.handled ? '改回待跟进' : '标记已处理'}
                  </Button>
                </View>
              </View>
            ))}
            <ListFooter list={list} />
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}
