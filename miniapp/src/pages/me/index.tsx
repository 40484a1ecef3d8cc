import { View } from '@tarojs/components';
import { ComingSoon, type ComingSoonFeature } from '../../components/coming-soon';
import './index.scss';

const FEATURES: ComingSoonFeature[] = [
  { name: '微信一键登录', description: '使用微信身份登录，无需另设密码。' },
  { name: '关联成员单位', description: '成员单位代表可申请关联所在单位，管理本单位的需求、成果与合作意向。' },
  { name: '我的名片与活动', description: '管理个人名片、已交换的名片和报名参加的活动。' },
];

export default function MePage() {
  return (
    <View className="ah-page ah-me">
      <ComingSoon
        title="登录功能即将开放"
        summary="登录后即可查看与本人相关的名片、活动和对接进展。"
        features={FEATURES}
        note="当前无需登录即可浏览首页。"
      />
    </View>
  );
}
