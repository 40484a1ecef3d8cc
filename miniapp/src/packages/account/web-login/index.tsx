import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ROLE_LABELS, type WebTicketPreview } from '@alliance-hub/types';
import { PageShell } from '../../../components/page-shell';
import { cancelWebTicket, confirmWebTicket, scanWebTicket } from '../../../services/auth';
import { useSession } from '../../../stores/session-store';
import '../account.scss';
import './index.scss';

type Step =
  | { state: 'loading' }
  | { state: 'asking'; preview: WebTicketPreview }
  | { state: 'done'; title: string; text: string }
  | { state: 'error'; message: string };

/**
 * A scan of the browser's sign-in code opens this page with `scene` = the ticket id (WeChat
 * passes it URL-encoded). In development the browser test opens it with `?ticket=` instead,
 * signed in through dev sign-in, playing the phone's part.
 */
function ticketFrom(params: Record<string, string | undefined>): string | null {
  const raw = params.scene ?? params.ticket;
  if (!raw) return null;
  const id = decodeURIComponent(raw);
  return /^[a-f\d]{24}$/i.test(id) ? id : null;
}

const goHome = () => void Taro.switchTab({ url: '/pages/index/index' });

export default function WebLoginConfirmPage() {
  const { params } = useRouter();
  const ticketId = ticketFrom(params);
  const session = useSession();
  const [step, setStep] = useState<Step>({ state: 'loading' });
  const [busy, setBusy] = useState(false);
  const signedIn = session.status === 'signed-in';

  const scan = useCallback(async () => {
    if (!ticketId) return;
    setStep({ state: 'loading' });
    try {
      setStep({ state: 'asking', preview: await scanWebTicket(ticketId) });
    } catch (error) {
      setStep({ state: 'error', message: error instanceof Error ? error.message : '无法读取登录请求' });
    }
  }, [ticketId]);

  useEffect(() => {
    // The mini-program signs in silently at launch; scan once that has answered.
    if (signedIn) void scan();
  }, [signedIn, scan]);

  const decide = async (approve: boolean) => {
    if (!ticketId || busy) return;
    setBusy(true);
    try {
      if (approve) {
        await confirmWebTicket(ticketId);
        setStep({ state: 'done', title: '已在电脑上登录', text: '电脑上的联盟通网页版已登录为您的账号。' });
      } else {
        await cancelWebTicket(ticketId);
        setStep({ state: 'done', title: '已取消登录', text: '电脑上不会登录您的账号。' });
      }
    } catch (error) {
      setStep({ state: 'error', message: error instanceof Error ? error.message : '操作失败，请稍后重试' });
    } finally {
      setBusy(false);
    }
  };

  if (!ticketId) {
    return (
      <View className="ah-page ah-web-login">
        <Outcome title="二维码无效" text="请在电脑上刷新登录二维码后重新扫码。" />
      </View>
    );
  }

  if (session.status === 'unknown') {
    return (
      <View className="ah-page ah-web-login">
        <PageShell loading loadingText="正在登录…" />
      </View>
    );
  }

  if (session.status === 'signed-out') {
    return (
      <View className="ah-page ah-web-login">
        <View className="ah-card ah-web-login__card">
          <Text className="ah-card__title">请先登录联盟通</Text>
          <Text className="ah-card__text">登录后再扫一次电脑上的二维码，即可在电脑上登录。</Text>
          <Button
            className="ah-account-button ah-account-button--primary ah-web-login__action"
            onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}
          >
            去登录
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="ah-page ah-web-login">
      {step.state === 'loading' ? <PageShell loading loadingText="正在读取登录请求…" /> : null}
      {step.state === 'error' ? <Outcome title="无法在电脑上登录" text={step.message} /> : null}
      {step.state === 'done' ? <Outcome title={step.title} text={step.text} /> : null}
      {step.state === 'asking' ? (
        <View className="ah-card ah-web-login__card">
          <View className="ah-web-login__icon" />
          <Text className="ah-web-login__question">在电脑上登录联盟通？</Text>
          <Text className="ah-web-login__browser">{step.preview.browser}</Text>
          <Text className="ah-card__text">
            登录账号：{session.user.displayName}（{ROLE_LABELS[session.user.role]}）
          </Text>
          <Text className="ah-web-login__warning">如果这不是您本人刚刚在电脑上的操作，请点取消。</Text>
          <Button
            className="ah-account-button ah-account-button--primary ah-web-login__action"
            disabled={busy || undefined}
            loading={busy || undefined}
            onClick={() => void decide(true)}
          >
            确认登录
          </Button>
          <Button
            className="ah-account-button ah-web-login__action"
            disabled={busy || undefined}
            onClick={() => void decide(false)}
          >
            取消
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function Outcome({ title, text }: { title: string; text: string }) {
  return (
    <View className="ah-card ah-web-login__card" role="status">
      <Text className="ah-card__title">{title}</Text>
      <Text className="ah-card__text">{text}</Text>
      <Button className="ah-account-button ah-web-login__action" onClick={goHome}>
        返回首页
      </Button>
    </View>
  );
}
