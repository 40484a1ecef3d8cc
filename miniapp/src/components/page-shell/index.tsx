import type { ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { EmptyState, type EmptyStateProps } from '../empty-state';
import './index.scss';

export interface PageShellError {
  /** Shown as is: `ApiError.message` is already user-facing Chinese text. */
  message: string;
}

export interface PageShellProps {
  /** True while the first load is in flight; the content replaces it once data is there. */
  loading?: boolean;
  loadingText?: string;
  error?: PageShellError | null;
  errorTitle?: string;
  onRetry?: () => void;
  /** Data loaded but there is nothing to show; `emptyState` says what to do next. */
  empty?: boolean;
  emptyState?: EmptyStateProps;
  className?: string;
  children?: ReactNode;
}

/** Owns a page's loading / error (with retry) / empty states so pages only render content. */
export function PageShell({
  loading = false,
  loadingText = '加载中…',
  error = null,
  errorTitle = '加载失败',
  onRetry,
  empty = false,
  emptyState = { title: '暂无内容' },
  className,
  children,
}: PageShellProps) {
  const rootClass = className ? `ah-page-shell ${className}` : 'ah-page-shell';

  if (loading) {
    return (
      <View className={rootClass}>
        <View className="ah-page-shell__state ah-page-shell__state--loading" role="status">
          <View className="ah-page-shell__spinner" />
          <Text className="ah-page-shell__text">{loadingText}</Text>
        </View>
      </View>
    );
  }

  if (error) {
    return (
      <View className={rootClass}>
        <View className="ah-page-shell__state ah-page-shell__state--error" role="alert">
          <View className="ah-page-shell__error-icon">
            <Text>!</Text>
          </View>
          <Text className="ah-page-shell__title">{errorTitle}</Text>
          <Text className="ah-page-shell__text">{error.message}</Text>
          {onRetry ? (
            <Button className="ah-page-shell__retry" onClick={onRetry}>
              重试
            </Button>
          ) : null}
        </View>
      </View>
    );
  }

  if (empty) {
    return (
      <View className={rootClass}>
        <EmptyState {...emptyState} />
      </View>
    );
  }

  return <View className={rootClass}>{children}</View>;
}
