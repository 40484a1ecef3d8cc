import { useCallback, useEffect, useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError } from '../../utils/api-error';

export type BlockState<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'error'; message: string }
  /** The feature is not there for this user or this deployment (403/404): the block hides. */
  | { state: 'absent' };

/**
 * One home block's data. `key` changes (a new user signed in) refetch; `reload` is for pull to
 * refresh and 重试.
 */
export function useBlock<T>(key: string, load: () => Promise<T>): [BlockState<T>, () => void] {
  const [state, setState] = useState<BlockState<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  // `load` is a fresh closure on every render; the key says when it means something new.
  const stableLoad = useCallback(load, [key]);
  useEffect(() => {
    let current = true;
    stableLoad().then(
      (data) => current && setState({ state: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && (error.status === 403 || error.status === 404))
          setState({ state: 'absent' });
        else setState({ state: 'error', message: error instanceof Error ? error.message : '加载失败' });
      },
    );
    return () => {
      current = false;
    };
  }, [stableLoad, round]);
  return [state, () => setRound((n) => n + 1)];
}

export interface HomeBlockProps<T> {
  title: string;
  block: BlockState<T>;
  onRetry: () => void;
  /** 全部 › goes here. */
  moreUrl?: string;
  moreIsTab?: boolean;
  /** Counted items: hides the body, says this, when there are none. */
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
  className?: string;
}

/** A card on 首页 that owns its loading, error (tap to retry), empty and hidden states. */
export function HomeBlock<T>({
  title,
  block,
  onRetry,
  moreUrl,
  moreIsTab,
  isEmpty,
  emptyText = '暂无内容',
  children,
  className,
}: HomeBlockProps<T>) {
  if (block.state === 'absent') return null;
  const open = () => {
    if (!moreUrl) return;
    if (moreIsTab) void Taro.switchTab({ url: moreUrl });
    else void Taro.navigateTo({ url: moreUrl });
  };
  return (
    <View className={`ah-card ah-home-block${className ? ` ${className}` : ''}`} aria-label={title}>
      <View className="ah-home-block__head">
        <Text className="ah-card__title">{title}</Text>
        {moreUrl ? (
          <View className="ah-home-block__more" role="link" onClick={open}>
            <Text>全部 ›</Text>
          </View>
        ) : null}
      </View>
      {block.state === 'loading' ? <Text className="ah-card__text">加载中…</Text> : null}
      {block.state === 'error' ? (
        <View className="ah-card__text" role="button" onClick={onRetry}>
          <Text>{block.message}，点此重试</Text>
        </View>
      ) : null}
      {block.state === 'ready' && isEmpty?.(block.data) ? (
        <Text className="ah-card__text">{emptyText}</Text>
      ) : null}
      {block.state === 'ready' && !isEmpty?.(block.data) ? children(block.data) : null}
    </View>
  );
}

/** A tappable line in a block: title, a secondary line, and a tag on the right. */
export function HomeRow({
  title,
  sub,
  tag,
  tone,
  url,
}: {
  title: string;
  sub?: string;
  tag?: string;
  tone?: 'danger' | 'warning' | 'normal';
  url?: string;
}) {
  return (
    <View
      className="ah-home-row"
      role={url ? 'link' : undefined}
      onClick={url ? () => void Taro.navigateTo({ url }) : undefined}
    >
      <View className="ah-home-row__main">
        <Text className="ah-home-row__title">{title}</Text>
        {sub ? <Text className="ah-home-row__sub">{sub}</Text> : null}
      </View>
      {tag ? <Text className={`ah-home-row__tag ah-home-row__tag--${tone ?? 'normal'}`}>{tag}</Text> : null}
    </View>
  );
}
