import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { CARD_REQUEST_STATUS_LABELS, type CardRequestView } from '@alliance-hub/types';
import { Tabs } from '../../../components/tabs';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import {
  approveCardRequest,
  declineCardRequest,
  listCardRequests,
  type CardRequestBox,
} from '../../../services/cards';
import { ApiError } from '../../../utils/api-error';
import { formatShanghaiTime } from '../../../utils/format-time';
import { CardsGate } from '../components/cards-gate';
import { CONTACTS_PAGE } from '../swap-link';
import '../cards.scss';
import './index.scss';

const TABS: Array<{ box: CardRequestBox; label: string }> = [
  { box: 'incoming', label: '收到的请求' },
  { box: 'outgoing', label: '我发出的' },
];

export default function RequestsPage() {
  return (
    <CardsGate hint="登录后即可处理名片请求。">
      <Requests />
    </CardsGate>
  );
}

function Requests() {
  const [box, setBox] = useState<CardRequestBox>('incoming');
  const [items, setItems] = useState<CardRequestView[] | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    setItems(null);
    try {
      setItems(await listCardRequests(box));
    } catch (failure) {
      setError(failure instanceof Error ? failure : { message: '加载失败' });
    }
  }, [box]);

  useEffect(() => {
    void load();
  }, [load]);
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) void load();
    setShown(true);
  });

  const decide = async (request: CardRequestView, approve: boolean) => {
    const answer = await Taro.showModal({
      title: approve ? `与 ${request.from.name} 交换名片？` : `婉拒 ${request.from.name}？`,
      content: approve
        ? '同意后你们会出现在彼此的联系人中，并能看到对方共享的联系方式。'
        : '对方会看到“已婉拒”，不会交换任何信息。',
      confirmText: approve ? '同意' : '婉拒',
    });
    if (!answer.confirm) return;
    setBusyId(request.id);
    try {
      const updated = await (approve ? approveCardRequest(request.id) : declineCardRequest(request.id));
      setItems((current) => current?.map((item) => (item.id === updated.id ? updated : item)) ?? current);
      void Taro.showToast({ title: approve ? '已交换名片' : '已婉拒', icon: approve ? 'success' : 'none' });
    } catch (failure) {
      void Taro.showModal({
        title: '操作失败',
        content: failure instanceof ApiError ? failure.message : '请稍后重试',
        showCancel: false,
      });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <View className="ah-page ah-requests">
      <Tabs options={TABS.map((t) => ({ value: t.box, label: t.label }))} value={box} onChange={setBox} />
      <PageShell
        loading={!items && !error}
        error={error}
        onRetry={() => void load()}
        empty={items?.length === 0}
        emptyState={
          box === 'incoming'
            ? {
                title: '暂无名片请求',
                hint: '不方便出示名片的人可以在名录里向你索要名片，请求会出现在这里。',
              }
            : { title: '你还没有索要过名片', hint: '在名录的人员页点“索要名片”，对方同意后即可交换。' }
        }
      >
        <View className="ah-card ah-requests__list">
          {(items ?? []).map((request) => {
            const other = box === 'incoming' ? request.from : request.to;
            return (
              <View key={request.id} className="ah-requests__item" data-testid="card-request">
                <View className="ah-requests__line">
                  <Text className="ah-requests__name">{other.name}</Text>
                  <Text className={`ah-requests__status ah-requests__status--${request.status}`}>
                    {box === 'incoming' && request.status === 'pending'
                      ? '等待你处理'
                      : CARD_REQUEST_STATUS_LABELS[request.status]}
                  </Text>
                </View>
                {other.organization ? <Text className="ah-requests__org">{other.organization}</Text> : null}
                {request.message ? <Text className="ah-requests__message">“{request.message}”</Text> : null}
                <Text className="ah-requests__time">
                  {formatShanghaiTime(request.createdAt).slice(0, 16)}
                </Text>
                {box === 'incoming' && request.status === 'pending' ? (
                  <View className="ah-requests__actions">
                    <Button
                      className={`ah-cards-button ah-cards-button--primary${busyId === request.id ? ' ah-cards-button--disabled' : ''}`}
                      disabled={busyId === request.id || undefined}
                      onClick={() => void decide(request, true)}
                    >
                      同意交换
                    </Button>
                    <Button
                      className={`ah-cards-button${busyId === request.id ? ' ah-cards-button--disabled' : ''}`}
                      disabled={busyId === request.id || undefined}
                      onClick={() => void decide(request, false)}
                    >
                      婉拒
                    </Button>
                  </View>
                ) : null}
                {request.status === 'approved' ? (
                  <View
                    className="ah-requests__link"
                    role="button"
                    onClick={() => void Taro.navigateTo({ url: CONTACTS_PAGE })}
                  >
                    在联系人中查看 ›
                  </View>
                ) : null}
              </View>
            );
          })}
        </View>
      </PageShell>
    </View>
  );
}
