import { Text, View } from '@tarojs/components';
import { ALLIANCE_ROLE_LABELS, ORG_KIND_LABELS, type OrgSummaryView } from '@alliance-hub/types';
import './index.scss';

export interface DirectoryOrgRowProps {
  org: OrgSummaryView;
  onClick: (org: OrgSummaryView) => void;
}

export function regionText(region: OrgSummaryView['region']): string {
  return [region.province, region.city].filter(Boolean).join(' · ');
}

/** One organization in a list: name, kind and alliance-role badges, region, one line of capabilities/needs. */
export function DirectoryOrgRow({ org, onClick }: DirectoryOrgRowProps) {
  const region = regionText(org.region);
  const member = org.allianceRole !== 'non_member';
  return (
    <View className="ah-org-row" role="link" data-org-id={org.id} onClick={() => onClick(org)}>
      <View className="ah-org-row__avatar" data-kind={org.kind}>
        <Text>{org.name.slice(0, 1)}</Text>
      </View>
      <View className="ah-org-row__body">
        <Text className="ah-org-row__name">{org.name}</Text>
        <View className="ah-org-row__meta">
          <Text className="ah-org-row__badge">{ORG_KIND_LABELS[org.kind]}</Text>
          <Text className={`ah-org-row__badge${member ? ' ah-org-row__badge--role' : ''}`}>
            {ALLIANCE_ROLE_LABELS[org.allianceRole]}
          </Text>
          {region ? <Text className="ah-org-row__region">{region}</Text> : null}
        </View>
        {org.aliases.length > 0 ? (
          <Text className="ah-org-row__aliases">简称：{org.aliases.join('、')}</Text>
        ) : null}
        {org.summary ? <Text className="ah-org-row__summary">{org.summary}</Text> : null}
      </View>
    </View>
  );
}
