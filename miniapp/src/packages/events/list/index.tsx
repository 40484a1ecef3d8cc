import { Text, View } from '@tarojs/components';

/** Placeholder until this screen is built. */
export default function Page() {
  return (
    <View className="ah-page">
      <Text>活动（建设中）</Text>
    </View>
  );
}
