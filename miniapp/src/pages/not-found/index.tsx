import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import './index.scss';

/** Where an unknown address lands (a mistyped or outdated link): say so and offer the way home. */
export default function NotFoundPage() {
  const { params } = useRouter();
  const path = params.path ? decodeURIComponent(params.path) : '';
  return (
    <View className="ah-page ah-not-found">
      <View className="ah-card ah-not-found__card" role="alert">
        <Text className="ah-not-found__code">404</Text>
        <Text className="ah-card__title">找不到这个页面</Text>
        <Text className="ah-card__text">链接可能已过期或输入有误{path ? `：${path}` : ''}</Text>
        <Button
          className="ah-not-found__home"
          onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}
        >
          回到首页
        </Button>
      </View>
    </View>
  );
}
