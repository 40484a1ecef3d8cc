import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { APPLICATION_STATUS_LABELS, type ApplicationView } from '@alliance-hub/types';
import { listMyApplications, withdrawApplication } from '../../services/applications';
import { formatShanghaiTime } from '../../utils/format-time';

export const APPLY_URL = '/packages/account/apply/index';

type Load =
  | { state: 'loading' }
  | { state: 'ready'; latest: ApplicationView | null }
  | { state: 'error'; message: string };

/** A guest's way into the alliance: apply, see 待审核, or read why it was rejected and apply again. */
export function ApplicationCard({ refreshKey }: { refreshKey: number }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const fetchLatest = useCallback(async () => {
    try {
      const items = await listMyApplications();
      setLoad({ state: 'ready', latest: items[0] ?? null });
    } catch (error) {
      setLoad({ state: 'error', message: error instanceof Error ? error.message : '加载失败' });
    }
  }, []);

  useEffect(() => {
    void fetchLatest();
  }, [fetchLatest, refreshKey]);

  const apply = () => void Taro.navigateTo({ url: APPLY_URL });

  const withdraw = async (id: string) => {
    const { confirm } = await Taro.showModal({
      title: '撤回申请',
      content: '撤回后秘书处将不再审核这份申请，确定撤回吗？',
      confirmText: '撤回',
    });
    if (!confirm) return;
    try {
      await withdrawApplication(id);
      await fetchLatest();
    } catch (error) {
      void Taro.showModal({ title: '撤回失败', content: (error as Error).message, showCancel: false });
    }
  };

  if (load.state === 'loading') {
    return (
      <View className="ah-card ah-me__application">
        <Text className="ah-card__text">正在读取入会申请…</Text>
      </View>
    );
  }
  if (load.state === 'error') {
    return (
      <View className="ah-card ah-me__application" role="alert">
        <Text className="ah-card__text">{load.message}</Text>
        <Button className="ah-me__secondary" onClick={() => void fetchLatest()}>
          重试
        </Button>
      </View>
    );
  }

  const latest = load.latest;
  if (!latest || latest.status === 'withdrawn' || latest.status === 'approved') {
    return (
      <View className="ah-card ah-me__application">
        <Text className="ah-card__title">加入联盟</Text>
        <Text className="ah-card__text">
          您目前是访客。以所在单位代表的身份申请入会，秘书处审核通过后即可使用成员功能。
        </Text>
        {latest?.status === 'withdrawn' ? (
          <Text className="ah-me__muted">上一次申请（{latest.organization.name}）已撤回。</Text>
        ) : null}
        <Button className="ah-me__primary" onClick={apply}>
          申请加入联盟
        </Button>
      </View>
    );
  }

  return (
    <View className={`ah-card ah-me__application ah-me__application--${latest.status}`}>
      <View className="ah-me__application-head">
        <Text className="ah-card__title">入会申请</Text>
        <Text className={`ah-me__status ah-me__status--${latest.status}`}>
          {APPLICATION_STATUS_LABELS[latest.status]}
        </Text>
      </View>
      <Text className="ah-me__line">申请单位：{latest.organization.name}</Text>
      <Text className="ah-me__muted">提交时间：{formatShanghaiTime(latest.createdAt)}</Text>
      {latest.status === 'pending' ? (
        <>
          <Text className="ah-card__text">秘书处审核后，结果会显示在这里。</Text>
          <Button className="ah-me__secondary" onClick={() => void withdraw(latest.id)}>
            撤回申请
          </Button>
        </>
      ) : (
        <>
          <View className="ah-me__reason">
            <Text className="ah-me__reason-label">未通过原因</Text>
            <Text className="ah-me__reason-text">{latest.rejectReason ?? '（秘书处未填写原因）'}</Text>
          </View>
          <Button className="ah-me__primary" onClick={apply}>
            重新申请
          </Button>
        </>
      )}
    </View>
  );
}
