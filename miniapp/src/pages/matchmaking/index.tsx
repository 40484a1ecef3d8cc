import { View } from '@tarojs/components';
import { ComingSoon, type ComingSoonFeature } from '../../components/coming-soon';
import './index.scss';

const FEATURES: ComingSoonFeature[] = [
  { name: '技术需求', description: '企业发布遇到的技术难题、预算与合作方式，联盟帮助寻找能解决问题的团队。' },
  {
    name: '科技成果',
    description: '高校与科研院所发布专利、实验室成果及其成熟度和转化方式（转让、许可、作价入股、合作开发）。',
  },
  {
    name: '合作意向',
    description: '记录从初次接触、合作意向、洽谈到签约、实施、产业化的全过程，按时提醒跟进。',
  },
];

export default function MatchmakingPage() {
  return (
    <View className="ah-page ah-matchmaking">
      <ComingSoon
        title="需求与成果对接"
        summary="让企业的技术需求与高校院所的科技成果精准对接，并持续跟进每一条合作意向直至落地。"
        features={FEATURES}
        note="对接功能上线前，可在联盟活动现场与秘书处沟通需求。"
      />
    </View>
  );
}
