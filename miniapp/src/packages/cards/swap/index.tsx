import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { tokenFromParams } from '../swap-link';
import { SwapScreen } from './swap-screen';
import '../cards.scss';
import './index.scss';

/** Opened from the H5 card link (`?t=`) or a mini-program code (`?scene=`, URL-encoded by WeChat). */
export default function SwapPage() {
  const { params } = useRouter();
  return (
    <View className="ah-page">
      <SwapScreen token={tokenFromParams(params)} />
    </View>
  );
}
