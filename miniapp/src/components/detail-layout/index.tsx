import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import './index.scss';

export interface DetailLayoutProps {
  /** The record itself: profile, description, timeline. */
  main: ReactNode;
  /** What you act on beside it: contacts, status, actions, related records. */
  side?: ReactNode;
}

/**
 * A detail page in two columns in a desktop browser (≥ 1024 px: main 2/3, side 1/3, the side
 * column stays in view while the main one scrolls); one column on phones, main first.
 */
export function DetailLayout({ main, side }: DetailLayoutProps) {
  return (
    <View className={`ah-detail-layout${side ? '' : ' ah-detail-layout--single'}`}>
      <View className="ah-detail-layout__main">{main}</View>
      {side ? <View className="ah-detail-layout__side">{side}</View> : null}
    </View>
  );
}
