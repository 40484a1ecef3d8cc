import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { downloadSwapWxaCode } from '../../../services/cards';
import { qrDataUrl } from '../qr-image';
import { useSwapToken } from './use-swap-token';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

function formatCountdown(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/**
 * 出示名片: a big code that carries only a short-lived swap token, never my data. Scanning it
 * (or opening the link) is the other side's consent; showing it is mine.
 */
export function ShowCode({ active, name }: { active: boolean; name: string }) {
  const { token, secondsLeft, error, notice, refresh } = useSwapToken(active);
  const [image, setImage] = useState<string | null>(null);

  useEffect(() => {
    if (!token) {
      setImage(null);
      return undefined;
    }
    let cancelled = false;
    const linkQr = () => qrDataUrl(token.link);
    if (IS_WEAPP) {
      // The mini-program code opens the swap page inside WeChat; the QR of the link is the fallback.
      downloadSwapWxaCode(token.token)
        .then((path) => !cancelled && setImage(path))
        .catch(() => !cancelled && setImage(linkQr()));
    } else {
      setImage(linkQr());
    }
    return () => {
      cancelled = true;
    };
  }, [token]);

  const copyLink = () => {
    if (token) void Taro.setClipboardData({ data: token.link });
  };

  return (
    <View className="ah-card ah-show-code" data-testid="show-code">
      <Text className="ah-show-code__title">{name} 的名片码</Text>
      <Text className="ah-show-code__hint">
        {IS_WEAPP
          ? '请对方用微信扫一扫，即可互换名片'
          : '请对方用微信或手机相机扫码，或打开下方链接，即可互换名片'}
      </Text>
      {notice ? (
        <View className="ah-show-code__notice" role="status" data-testid="swap-notice">
          <Text>{notice}，已换新码</Text>
        </View>
      ) : null}
      <View className="ah-show-code__frame">
        {image ? (
          <Image className="ah-show-code__image" src={image} mode="scaleToFill" data-testid="swap-qr" />
        ) : error ? (
          <View className="ah-show-code__placeholder">
            <Text className="ah-show-code__error">{error}</Text>
            <Button className="ah-cards-button" onClick={() => void refresh()}>
              重新生成
            </Button>
          </View>
        ) : (
          <View className="ah-show-code__placeholder">
            <Text className="ah-show-code__muted">正在生成名片码…</Text>
          </View>
        )}
      </View>
      {token ? (
        <>
          <Text className="ah-show-code__countdown">
            {secondsLeft > 0 ? `${formatCountdown(secondsLeft)} 后自动换新码 · 仅可使用一次` : '正在换新码…'}
          </Text>
          <View className="ah-show-code__link-row">
            <Text className="ah-show-code__link" selectable data-testid="swap-link">
              {token.link}
            </Text>
            <Button className="ah-cards-button ah-cards-button--small" onClick={copyLink}>
              复制链接
            </Button>
          </View>
        </>
      ) : null}
    </View>
  );
}
