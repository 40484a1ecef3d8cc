import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { PUBLICATION_LIMITS, RejectBody } from '@alliance-hub/types';
import {
  DirectorySessionGate,
  SignInPrompt,
  isSignInError,
  useDirectoryAccess,
} from '../../../components/directory-session-gate';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { PublicationCard } from '../../../components/publication-card';
import { Tabs } from '../../../components/tabs';
import { fieldLabel, useIndustryFields } from '../../../pages/directory/use-industry-fields';
import {
  KIND_NOUN,
  openPublication,
  type PublicationKind,
} from '../../../pages/matchmaking/matchmaking-routes';
import { useSession } from '../../../stores/session-store';
import { ApiError } from '../../../utils/api-error';
import { useCursorList } from '../../../utils/use-cursor-list';
import { useDesktop } from '../../../utils/use-desktop';
import { TextSheet } from '../components/text-sheet';
import { ACTION_COPY, fetchOwnOrQueue, rejectPublication, runLifecycle } from '../publication-api';
import { ReviewTable } from './review-table';
import '../matchmaking.scss';

const KINDS = [
  { value: 'achievement', label: '待审成果' },
  { value: 'demand', label: '待审需求' },
] as const;

const toast = (title: string, icon: 'success' | 'none' = 'none') => void Taro.showToast({ title, icon });

/** 审核: pending achievements and demands for coordinators and the secretariat; approve or reject with a reason. */
export default function ReviewQueuePage() {
  const access = useDirectoryAccess();
  const session = useSession();
  const role = session.user?.role;
  const isStaff = role === 'coordinator' || role === 'secretariat';
  const [kind, setKind] = useState<PublicationKind>('achievement');
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [sheetError, setSheetError] = useState<string | null>(null);
  const fields = useIndustryFields(access === 'ready');
  const desktop = useDesktop();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      access === 'ready' && isStaff
        ? fetchOwnOrQueue(kind, { status: 'pending' }, cursor)
        : Promise.resolve({ items: [], nextCursor: null }),
    [access, isStaff, kind],
  );
  const list = useCursorList(fetchPage);
  const firstShow = useRef(true);
  useDidShow(() => {
    if (!firstShow.current) void list.reload();
    firstShow.current = false;
  });
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  const drop = (id: string) => list.setItems((items) => items.filter((entry) => entry.item.id !== id));

  const approve = async (id: string) => {
    const copy = ACTION_COPY.approve;
    const { confirm } = await Taro.showModal({
      title: copy.title,
      content: copy.content,
      confirmText: copy.confirm,
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy(id);
    try {
      await runLifecycle(kind, id, 'approve');
      drop(id);
      toast(copy.done, 'success');
    } catch (failure) {
      toast(failure instanceof ApiError ? failure.message : '操作失败，请稍后重试');
    } finally {
      setBusy(null);
    }
  };

  /** At a desk: one question for all the selected items, one request each, one summary. */
  const approveMany = async (ids: string[]) => {
    const noun = KIND_NOUN[kind];
    const { confirm } = await Taro.showModal({
      title: '批量通过',
      content: `通过所选的 ${ids.length} 条${noun}并立即发布，所有可见的成员都能搜索到。确定通过吗？`,
      confirmText: '全部通过',
      cancelText: '再想想',
    });
    if (!confirm) return;
    const titles = new Map(list.items?.map((entry) => [entry.item.id, entry.item.title]));
    const failures: string[] = [];
    for (const id of ids) {
      setBusy(id);
      try {
        await runLifecycle(kind, id, 'approve');
        drop(id);
      } catch (failure) {
        const why = failure instanceof ApiError ? failure.message : '操作失败';
        failures.push(`「${titles.get(id) ?? id}」：${why}`);
      }
    }
    setBusy(null);
    if (failures.length === 0) {
      toast(`已发布 ${ids.length} 条${noun}`, 'success');
      return;
    }
    void Taro.showModal({
      title: `${ids.length - failures.length} 条已发布，${failures.length} 条未通过`,
      content: failures.join('\n'),
      showCancel: false,
      confirmText: '知道了',
    });
  };

  const reject = async (id: string, reason: string) => {
    setBusy(id);
    setSheetError(null);
    try {
      await rejectPublication(kind, id, reason);
      drop(id);
      setRejecting(null);
      toast('已驳回', 'success');
    } catch (failure) {
      setSheetError(failure instanceof ApiError ? failure.message : '驳回失败，请稍后重试');
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className={`ah-page ah-mm ah-mm-review${desktop ? ' ah-page--wide' : ''}`}>
      <Tabs options={KINDS} value={kind} onChange={setKind} />
      <DirectorySessionGate access={access}>
        {isSignInError(list.error) ? (
          <SignInPrompt hint="登录后审核成果和需求" />
        ) : (
          <PageShell
            loading={isStaff && list.loading && !list.items}
            error={list.error}
            onRetry={() => void list.reload()}
            empty={!isStaff || (!list.loading && list.items?.length === 0)}
            emptyState={
              isStaff
                ? { title: `没有待审核的${KIND_NOUN[kind]}`, hint: '成员提交后会出现在这里，下拉可刷新' }
                : { title: '仅联盟工作人员可审核', hint: '如需审核权限请联系秘书处' }
            }
          >
            {desktop && rejecting ? (
              <TextSheet
                title={`驳回「${list.items?.find((entry) => entry.item.id === rejecting)?.item.title ?? ''}」`}
                label="驳回原因"
                placeholder="作者会看到这段话，请写明需要修改的地方"
                schema={RejectBody.shape.reason}
                limit={PUBLICATION_LIMITS.rejectReason}
                required
                confirmText="驳回"
                busy={busy === rejecting}
                error={sheetError}
                onSubmit={(reason) => void reject(rejecting, reason)}
                onCancel={() => setRejecting(null)}
              />
            ) : null}
            {desktop ? (
              <ReviewTable
                kind={kind}
                list={list}
                fieldLabel={(code) => fieldLabel(fields, code)}
                busy={busy}
                onApprove={(id) => void approve(id)}
                onReject={(id) => {
                  setSheetError(null);
                  setRejecting(id);
                }}
                onApproveMany={(ids) => void approveMany(ids)}
              />
            ) : null}
            {desktop
              ? null
              : list.items?.map((entry) => (
                  <View key={entry.item.id} className="ah-mm-review__item" data-id={entry.item.id}>
                    <PublicationCard
                      entry={entry}
                      showStatus
                      fieldLabel={(code) => fieldLabel(fields, code)}
                      onClick={() => openPublication(entry.kind, entry.item.id)}
                    />
                    {rejecting === entry.item.id ? (
                      <TextSheet
                        title={`驳回「${entry.item.title}」`}
                        label="驳回原因"
                        placeholder="作者会看到这段话，请写明需要修改的地方"
                        schema={RejectBody.shape.reason}
                        limit={PUBLICATION_LIMITS.rejectReason}
                        required
                        confirmText="驳回"
                        busy={busy === entry.item.id}
                        error={sheetError}
                        onSubmit={(reason) => void reject(entry.item.id, reason)}
                        onCancel={() => setRejecting(null)}
                      />
                    ) : (
                      <View className="ah-mm__actions ah-mm-review__actions">
                        <Button
                          className="ah-mm__button ah-mm__button--danger"
                          disabled={busy === entry.item.id || undefined}
                          onClick={() => {
                            setSheetError(null);
                            setRejecting(entry.item.id);
                          }}
                        >
                          驳回
                        </Button>
                        <Button
                          className="ah-mm__button"
                          disabled={busy === entry.item.id || undefined}
                          onClick={() => void approve(entry.item.id)}
                        >
                          通过并发布
                        </Button>
                      </View>
                    )}
                  </View>
                ))}
            {list.items && list.items.length > 0 ? (
              <Text className="ah-mm__muted ah-mm-review__note">不能审核本单位或自己提交的内容</Text>
            ) : null}
            {desktop ? null : <ListFooter list={list} />}
          </PageShell>
        )}
      </DirectorySessionGate>
    </View>
  );
}
