import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { SwapResultView } from '@alliance-hub/types';
import { clearPendingSwap, savePendingSwap, swapCards } from '../../../services/cards';
import { useSession } from '../../../stores/session-store';
import { ApiError } from '../../../utils/api-error';
import { formatShanghaiTime } from '../../../utils/format-time';
import { CardFace } from '../components/card-face';
import { goSignIn } from '../components/cards-gate';
import { CONTACTS_PAGE, MY_CARD_PAGE } from '../swap-link';

type SwapState =
  | { kind: 'confirm' }
  | { kind: 'swapping' }
  | { kind: 'done'; result: SwapResultView }
  | { kind: 'failed'; message: string; hint: string | null; retry: boolean };

/** Token problems the holder fixes by showing a fresh code. */
const REFRESHABLE = new Set(['SWAP_TOKEN_INVALID', 'SWAP_TOKEN_EXPIRED', 'SWAP_TOKEN_USED']);
const REFRESH_HINT = '名片码只能用一次，5 分钟内有效。对方的“出示名片”页会自动换新码，请扫描新码。';

export function describeSwapFailure(error: unknown): Extract<SwapState, { kind: 'failed' }> {
  if (!(error instanceof ApiError)) {
    return { kind: 'failed', message: '交换失败，请稍后重试', hint: null, retry: true };
  }
  if (error.status === 0 || error.status >= 500) {
    return { kind: 'failed', message: error.message, hint: null, retry: true };
  }
  return {
    kind: 'failed',
    message: error.message,
    hint: REFRESHABLE.has(error.code) ? REFRESH_HINT : null,
    retry: false,
  };
}

function leave(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: MY_CARD_PAGE });
}

/** 交换名片: confirm, swap, then the other person's card — or a message that says what went wrong. */
export function SwapScreen({ token }: { token: string | null }) {
  const session = useSession();
  const [state, setState] = useState<SwapState>({ kind: 'confirm' });
  const inFlight = useRef(false);

  useEffect(() => {
    if (token && session.status === 'signed-out') savePendingSwap(token);
  }, [token, session.status]);

  const swap = useCallback(async () => {
    if (!token || inFlight.current) return;
    inFlight.current = true;
    setState({ kind: 'swapping' });
    try {
      const result = await swapCards(token);
      clearPendingSwap();
      setState({ kind: 'done', result });
    } catch (error) {
      const failure = describeSwapFailure(error);
      if (!failure.retry) clearPendingSwap();
      setState(failure);
    } finally {
      inFlight.current = false;
    }
  }, [token]);

  if (!token) {
    return (
      <Failure
        message="名片链接不完整"
        hint="请重新扫描对方的名片码，或让对方重新发送链接。"
        actions={<ActionButton label="返回" onClick={leave} />}
      />
    );
  }

  if (session.status !== 'signed-in') {
    return (
      <View className="ah-card ah-swap" data-testid="swap-signin">
        <Text className="ah-swap__title">{session.status === 'unknown' ? '正在登录…' : '请先登录'}</Text>
        {session.status === 'signed-out' ? (
          <>
            <Text className="ah-swap__text">登录后即可与对方交换名片，本次交换会为你保留。</Text>
            <View className="ah-swap__actions">
              <ActionButton label="去登录" primary onClick={goSignIn} />
            </View>
          </>
        ) : null}
      </View>
    );
  }

  if (state.kind === 'failed') {
    return (
      <Failure
        message={state.message}
        hint={state.hint}
        actions={
          <>
            {state.retry ? <ActionButton label="重试" primary onClick={() => void swap()} /> : null}
            <ActionButton label="返回" onClick={leave} />
          </>
        }
      />
    );
  }

  if (state.kind === 'done') {
    const { created, contact } = state.result;
    return (
      <View className="ah-swap" data-testid="swap-done">
        <View className={`ah-swap__banner${created ? '' : ' ah-swap__banner--again'}`} role="status">
          <Text className="ah-swap__banner-title">{created ? '已交换名片' : '你们已交换过名片'}</Text>
          <Text className="ah-swap__banner-text">
            {formatShanghaiTime(contact.exchangedAt).slice(0, 16)}
            {contact.event ? ` · ${contact.event.title}` : ''}
          </Text>
        </View>
        <CardFace card={contact.card} />
        <View className="ah-swap__actions">
          <ActionButton
            label="查看联系人"
            primary
            onClick={() => void Taro.redirectTo({ url: CONTACTS_PAGE })}
          />
          <ActionButton label="继续" onClick={leave} />
        </View>
      </View>
    );
  }

  return (
    <View className="ah-card ah-swap" data-testid="swap-confirm">
      <View className="ah-swap__icon">
        <Text>⇄</Text>
      </View>
      <Text className="ah-swap__title">与对方交换名片？</Text>
      <Text className="ah-swap__text">
        交换后，你们会出现在彼此的联系人中，并能看到对方选择共享的联系方式。你共享哪些联系方式可在“我的名片”中设置。
      </Text>
      <View className="ah-swap__actions">
        <ActionButton
          label={state.kind === 'swapping' ? '正在交换…' : '交换名片'}
          primary
          loading={state.kind === 'swapping'}
          onClick={() => void swap()}
        />
        <ActionButton label="取消" onClick={leave} />
      </View>
    </View>
  );
}

function Failure({ message, hint, actions }: { message: string; hint: string | null; actions: ReactNode }) {
  return (
    <View className="ah-card ah-swap ah-swap--failed" role="alert" data-testid="swap-failed">
      <View className="ah-swap__icon ah-swap__icon--failed">
        <Text>!</Text>
      </View>
      <Text className="ah-swap__title">未能交换名片</Text>
      <Text className="ah-swap__message">{message}</Text>
      {hint ? <Text className="ah-swap__text">{hint}</Text> : null}
      <View className="ah-swap__actions">{actions}</View>
    </View>
  );
}

function ActionButton({
  label,
  primary,
  loading,
  onClick,
}: {
  label: string;
  primary?: boolean;
  loading?: boolean;
  onClick: () => void;
}) {
  return (
    <Button
      className={`ah-cards-button${primary ? ' ah-cards-button--primary' : ''}${loading ? ' ah-cards-button--disabled' : ''}`}
      disabled={loading || undefined}
      onClick={onClick}
    >
      {label}
    </Button>
  );
}
