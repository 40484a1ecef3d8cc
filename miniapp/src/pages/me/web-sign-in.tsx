import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import type { WebTicketCreated } from '@alliance-hub/types';
import { acceptWebSignIn, createWebTicket, pollWebTicket } from '../../services/auth';
import { ApiError } from '../../utils/api-error';
import './web-sign-in.scss';

type Phase =
  | { state: 'loading' }
  | { state: 'waiting'; ticket: WebTicketCreated; scanned: boolean }
  | { state: 'ended'; ticket: WebTicketCreated | null; message: string }
  | { state: 'error'; message: string };

/** Polls keep going through a failed request or two (venue Wi-Fi); the ticket's clock decides. */
function endedBy(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (
    ['WEB_TICKET_EXPIRED', 'WEB_TICKET_USED', 'WEB_TICKET_WRONG_BROWSER', 'NOT_FOUND'].includes(error.code)
  ) {
    return error.message;
  }
  return null;
}

/**
 * The browser's sign-in (H5): a mini-program code to scan with WeChat; the phone confirms and
 * this browser is signed in. The ticket's secret stays in memory, so only this tab can collect.
 */
export function WebSignIn() {
  const [phase, setPhase] = useState<Phase>({ state: 'loading' });
  const generation = useRef(0);

  const start = useCallback(async () => {
    const mine = ++generation.current;
    setPhase({ state: 'loading' });
    try {
      const ticket = await createWebTicket();
      if (mine === generation.current) setPhase({ state: 'waiting', ticket, scanned: false });
    } catch (error) {
      if (mine === generation.current)
        setPhase({ state: 'error', message: error instanceof Error ? error.message : '无法生成登录二维码' });
    }
  }, []);

  useEffect(() => {
    void start();
    return () => {
      generation.current++;
    };
  }, [start]);

  const ticket = phase.state === 'waiting' ? phase.ticket : null;
  const shown = phase.state === 'waiting' || phase.state === 'ended' ? phase.ticket : null;
  useEffect(() => {
    if (!ticket) return undefined;
    const mine = generation.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (mine !== generation.current) return;
      if (Date.now() >= new Date(ticket.expiresAt).getTime()) {
        setPhase({ state: 'ended', ticket, message: '二维码已过期' });
        return;
      }
      try {
        const answer = await pollWebTicket(ticket);
        if (mine !== generation.current) return;
        if (answer.status === 'confirmed') {
          generation.current++;
          acceptWebSignIn(answer.auth);
          return;
        }
        if (answer.status === 'cancelled') {
          setPhase({ state: 'ended', ticket, message: '已在手机上取消登录' });
          return;
        }
        setPhase((current) =>
          current.state === 'waiting' && current.scanned !== (answer.status === 'scanned')
            ? { ...current, scanned: answer.status === 'scanned' }
            : current,
        );
      } catch (error) {
        if (mine !== generation.current) return;
        const ended = endedBy(error);
        if (ended) {
          setPhase({ state: 'ended', ticket, message: ended });
          return;
        }
      }
      timer = setTimeout(() => void tick(), ticket.pollIntervalSeconds * 1000);
    };
    timer = setTimeout(() => void tick(), ticket.pollIntervalSeconds * 1000);
    return () => clearTimeout(timer);
  }, [ticket]);

  return (
    <View className="ah-card ah-web-sign-in">
      <Text className="ah-card__title">微信扫码登录</Text>
      <Text className="ah-card__text">
        用微信扫一扫下方的小程序码，在手机上确认后，这个浏览器即登录为您的账号。
      </Text>
      <View className="ah-web-sign-in__qr-box">
        {phase.state === 'loading' ? <Text className="ah-web-sign-in__qr-note">正在生成二维码…</Text> : null}
        {phase.state === 'error' ? (
          <View className="ah-web-sign-in__qr-note" role="alert">
            <Text>{phase.message}</Text>
          </View>
        ) : null}
        {shown ? (
          <Image
            className={`ah-web-sign-in__qr${phase.state === 'ended' ? ' ah-web-sign-in__qr--dim' : ''}`}
            src={shown.qrcode}
            mode="aspectFit"
            aria-label="登录小程序码"
            data-ticket={shown.id}
          />
        ) : null}
        {phase.state === 'waiting' && phase.scanned ? (
          <View className="ah-web-sign-in__qr-overlay" role="status">
            <Text>已扫码，请在手机上确认登录</Text>
          </View>
        ) : null}
        {phase.state === 'ended' ? (
          <View className="ah-web-sign-in__qr-overlay" role="status">
            <Text>{phase.message}</Text>
          </View>
        ) : null}
      </View>
      {phase.state === 'ended' || phase.state === 'error' ? (
        <Button className="ah-me__primary" onClick={() => void start()}>
          刷新二维码
        </Button>
      ) : (
        <Text className="ah-web-sign-in__qr-hint">二维码 2 分钟内有效，只能使用一次</Text>
      )}
    </View>
  );
}
