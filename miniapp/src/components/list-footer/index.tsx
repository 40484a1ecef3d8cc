import { Text, View } from '@tarojs/components';
import './index.scss';
import type { CursorList } from '../../utils/use-cursor-list';

/** The bottom of a paginated list: loading more, a retry after a failure, or the end. */
export function ListFooter<T>({ list }: { list: CursorList<T> }) {
  if (!list.items || list.items.length === 0) return null;
  let text = '没有更多了';
  if (list.loadingMore) text = '加载中…';
  else if (list.moreError) text = `${list.moreError}，点此重试`;
  else if (list.hasMore) text = '加载更多';
  const tappable = !list.loadingMore && (list.hasMore || list.moreError);
  return (
    <View
      className="ah-list-footer"
      role={tappable ? 'button' : undefined}
      onClick={tappable ? () => void list.loadMore() : undefined}
    >
      <Text>{text}</Text>
    </View>
  );
}
