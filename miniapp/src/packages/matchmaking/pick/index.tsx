import { useCallback, useEffect, useMemo, useState } from 'react';
import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { SELECTION_NOTE_MAX, SelectionCreateBody, type SelectionView } from '@alliance-hub/types';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../../components/directory-session-gate';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { PublicationCard } from '../../../components/publication-card';
import { SearchBar } from '../../../components/search-bar';
import { fieldLabel, useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { KIND_NOUN, openPublication } from '../../../pages/matchmaking/matchmaking-routes';
import { NO_FILTERS, fetchPublications } from '../../../pages/matchmaking/use-publication-search';
import { listSelections, selectItem } from '../../../services/selections';
import { useSession } from '../../../stores/session-store';
import { ApiError } from '../../../utils/api-error';
import { useCursorList } from '../../../utils/use-cursor-list';
import { TextSheet } from '../components/text-sheet';
import { kindParam } from '../publication-page';
import '../matchmaking.scss';

/**
 * 点菜式对接 (`?eventId=&kind=`): a representative ticks the achievements (enterprises) or demands
 * (universities, institutes) they want to pursue, each with an optional one-line note. Every
 * tick is a lead the event's coordinators follow up; ticking again only updates the note.
 */
export default function PickPage() {
  const { params } = useRouter();
  const eventId = params.eventId ?? '';
  const kind = kindParam(params.kind) ?? 'achievement';
  const access = useDirectoryAccess();
  const session = useSession();
  const fields = useIndustryFields(access === 'ready');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [ticks, setTicks] = useState<Record<string, SelectionView>>({});
  const [noting, setNoting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sheetError, setSheetError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const fetchPage = useCallback(
    (cursor: string | null) =>
      access === 'ready'
        ? fetchPublications(kind, q, NO_FILTERS, cursor)
        : Promise.resolve({ items: [], nextCursor: null }),
    [access, kind, q],
  );
  const list = useCursorList(fetchPage);
  useReachBottom(() => void list.loadMore());

  // My earlier ticks at this event (staff get everyone's: keep only mine).
  useEffect(() => {
    if (access !== 'ready' || !eventId) return;
    const me = session.user?.person?.id;
    listSelections(eventId, { itemKind: kind, limit: 100 })
      .then((page) => {
        const mine = page.items.filter((s) => !me || s.person.id === me);
        setTicks(Object.fromEntries(mine.map((s) => [s.item.id, s])));
      })
      .catch(() => undefined);
  }, [access, eventId, kind, session.user?.person?.id]);

  const tick = async (itemId: string, note: string) => {
    setBusy(true);
    setSheetError(null);
    try {
      const selection = await selectItem(eventId, { itemKind: kind, itemId, ...(note ? { note } : {}) });
      setTicks((current) => ({ ...current, [itemId]: selection }));
      setNoting(null);
      void Taro.showToast({ title: '已勾选', icon: 'success' });
    } catch (failure) {
      setSheetError(failure instanceof ApiError ? failure.message : '勾选失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  const count = useMemo(() => Object.keys(ticks).length, [ticks]);
  const noun = KIND_NOUN[kind];

  return (
    <View className="ah-page ah-mm ah-mm-pick">
      <View className="ah-card ah-mm-pick__intro">
        <Text className="ah-card__title">点菜式对接</Text>
        <Text className="ah-card__text">
          勾选想进一步了解的{noun}，可以附一句话说明关注点。活动工作人员会逐条跟进，为你牵线。
        </Text>
        <Text className="ah-mm-pick__count" data-testid="tick-count">
          已勾选 {count} 项
        </Text>
      </View>
      <SearchBar value={text} placeholder={`搜索${noun}`} onInput={setText} onConfirm={setText} />
      <DirectorySessionGate access={access}>
        {isSignInError(list.error) ? (
          <SignInPrompt hint="登录后即可在活动中勾选感兴趣的成果和需求" />
        ) : (
          <PageShell
            loading={list.loading && !list.items}
            error={list.error}
            onRetry={() => void list.reload()}
            empty={!list.loading && list.items?.length === 0}
            emptyState={{
              title: q ? `没有找到与“${q}”相关的${noun}` : `还没有已发布的${noun}`,
              hint: q ? '换个关键词试试' : '可先在活动现场与工作人员沟通你的需要',
            }}
          >
            {list.items?.map((entry) => {
              const ticked = ticks[entry.item.id];
              return (
                <View key={entry.item.id} className="ah-mm-pick__item" data-id={entry.item.id}>
                  <PublicationCard
                    entry={entry}
                    fieldLabel={(code) => fieldLabel(fields, code)}
                    onClick={() => openPublication(entry.kind, entry.item.id, eventId)}
                  />
                  {noting === entry.item.id ? (
                    <TextSheet
                      title={`勾选「${entry.item.title}」`}
                      label="想了解什么（选填）"
                      placeholder="如：想了解量产成本"
                      schema={SelectionCreateBody.shape.note.unwrap()}
                      limit={SELECTION_NOTE_MAX}
                      confirmText={ticked ? '更新备注' : '勾选'}
                      busy={busy}
                      error={sheetError}
                      onSubmit={(note) => void tick(entry.item.id, note)}
                      onCancel={() => setNoting(null)}
                    />
                  ) : (
                    <View className="ah-mm-pick__bar">
                      <Text className="ah-mm__muted">{ticked ? (ticked.note ?? '已勾选') : ''}</Text>
                      <Button
                        className={`ah-mm__button${ticked ? ' ah-mm__button--ghost' : ''}`}
                        aria-pressed={Boolean(ticked)}
                        onClick={() => {
                          setSheetError(null);
                          setNoting(entry.item.id);
                        }}
                      >
                        {ticked ? '✓ 已勾选' : '勾选'}
                      </Button>
                    </View>
                  )}
                </View>
              );
            })}
            <ListFooter list={list} />
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}
