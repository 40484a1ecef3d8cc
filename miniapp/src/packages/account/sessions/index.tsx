import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { CLIENT_KIND_LABELS, type SessionView } from '@alliance-hub/types';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { listMySessions, revokeMySession } from '../../../services/auth';
import { formatShanghaiTime } from '../../../utils/format-time';
import './index.scss';

/** Every device signed in as me; any but this one can be signed out from here. */
export default function SessionsPage() {
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const [error, setError] = useState<PageShellError | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      // This device first, then the most recently used.
      const items = await listMySessions();
      setSessions(
        [...items].sort(
          (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
        ),
      );
    } catch (failure) {
      setError(failure instanceof Error ? failure : { message: '加载失败' });
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (session: SessionView) => {
    const { confirm } = await Taro.showModal({
      title: '移除登录设备',
      content: `确定让这台设备（${CLIENT_KIND_LABELS[session.client]}）退出登录吗？`,
      confirmText: '移除',
      confirmColor: '#c0392b',
    });
    if (!confirm) return;
    try {
      await revokeMySession(session.id);
      void Taro.showToast({ title: '已移除', icon: 'success' });
      setSessions((current) => current?.filter((item) => item.id !== session.id) ?? null);
    } catch (failure) {
      void Taro.showModal({ title: '移除失败', content: (failure as Error).message, showCancel: false });
    }
  };

  return (
    <View className="ah-page ah-sessions">
      <PageShell
        loading={loading && !sessions}
        error={error}
        onRetry={load}
        empty={sessions?.length === 0}
        emptyState={{ title: '没有登录中的设备', hint: '重新登录后，本机会出现在这里。' }}
      >
        <Text className="ah-sessions__hint">以下设备正在使用您的账号登录。不认识的设备请及时移除。</Text>
        {sessions?.map((session) => (
          <View key={session.id} className="ah-card ah-sessions__item">
            <View className="ah-sessions__head">
              <Text className="ah-sessions__kind">{CLIENT_KIND_LABELS[session.client]}</Text>
              {session.current ? <Text className="ah-badge">本机</Text> : null}
            </View>
            {session.userAgent ? (
              <Text className="ah-sessions__agent">{describeAgent(session.userAgent)}</Text>
            ) : null}
            <Text className="ah-sessions__time">最近使用：{formatShanghaiTime(session.lastSeenAt)}</Text>
            <Text className="ah-sessions__time">登录时间：{formatShanghaiTime(session.createdAt)}</Text>
            {session.current ? null : (
              <Button className="ah-sessions__revoke" onClick={() => void revoke(session)}>
                移除
              </Button>
            )}
          </View>
        ))}
      </PageShell>
    </View>
  );
}

/** A readable device line from the User-Agent; the raw string is too long for a phone. */
export function describeAgent(userAgent: string): string {
  const os =
    /iPhone|iPad/.exec(userAgent)?.[0] ??
    (/Android/.test(userAgent) ? 'Android' : null) ??
    (/Windows/.test(userAgent) ? 'Windows' : null) ??
    (/Mac OS X/.test(userAgent) ? 'Mac' : null) ??
    (/Linux/.test(userAgent) ? 'Linux' : null);
  const app = /MicroMessenger/.test(userAgent)
    ? '微信'
    : /Edg\//.test(userAgent)
      ? 'Edge'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : /Firefox\//.test(userAgent)
            ? 'Firefox'
            : null;
  const parts = [os, app].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : userAgent.slice(0, 60);
}
