import { Text, View } from '@tarojs/components';
import type { DoorBanner } from './use-door';

const ICONS: Record<DoorBanner['tone'], string> = {
  success: '✓',
  queued: '⇡',
  warning: '!',
  error: '×',
};

/** The big answer to the last scan: green in, blue queued, amber already in, red refused. */
export function DoorResultBanner({ banner }: { banner: DoorBanner | null }) {
  if (!banner) {
    return (
      <View className="ah-door__banner ah-door__banner--idle">
        <Text className="ah-door__banner-title">请扫描参会人的入场码</Text>
      </View>
    );
  }
  return (
    <View className={`ah-door__banner ah-door__banner--${banner.tone}`} role="status" data-tone={banner.tone}>
      <Text className="ah-door__banner-icon">{ICONS[banner.tone]}</Text>
      <View className="ah-door__banner-body">
        <Text className="ah-door__banner-title">{banner.title}</Text>
        {banner.detail ? <Text className="ah-door__banner-detail">{banner.detail}</Text> : null}
      </View>
    </View>
  );
}
