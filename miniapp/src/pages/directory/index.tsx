import { View } from '@tarojs/components';
import { ComingSoon, type ComingSoonFeature } from '../../components/coming-soon';
import './index.scss';

const FEATURES: ComingSoonFeature[] = [
  {
    name: '成员单位',
    description: '按类型（企业、高校、科研院所、协会）、地区和产业领域浏览联盟成员单位，查看技术储备与需求。',
  },
  { name: '专家名录', description: '按研究方向查找高校与院所专家，了解其所在单位与专长。' },
  { name: '名片交换', description: '在活动现场交换电子名片；联系方式仅对本人、秘书处及交换过名片的人可见。' },
];

export default function DirectoryPage() {
  return (
    <View className="ah-page ah-directory">
      <ComingSoon
        title="成员单位与专家名录"
        summary="汇集联盟成员单位与专家信息，帮助企业找到合适的高校、院所与专家，也帮助科研团队找到需要技术的企业。"
        features={FEATURES}
        note="名录开放前，如需对接请联系联盟秘书处。"
      />
    </View>
  );
}
