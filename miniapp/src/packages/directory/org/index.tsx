import { useCallback } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ALLIANCE_ROLE_LABELS, ORG_KIND_LABELS, atLeast, type OrgDetailView } from '@alliance-hub/types';
import { DirectoryPersonRow } from '../../../components/directory-person-row';
import { DirectoryTags } from '../../../components/directory-tags';
import { regionText } from '../../../components/directory-org-row';
import { getOrganization } from '../../../services/directory';
import { DIRECTORY_ROUTES, openPerson } from '../../../pages/directory/directory-routes';
import { fieldLabels, useIndustryFields } from '../../../pages/directory/use-industry-fields';
import { INTENT_ROUTES, openIntentCreate, partyParam } from '../../../pages/me/intent-routes';
import { canLog, openQuickLog } from '../../../pages/me/interaction-routes';
import { useSession } from '../../../stores/session-store';
import { organizationTimeline, type TimelineSearch } from '../../../services/interactions';
import { DirectoryRecordPage } from '../record-page';
import { TimelineCard } from '../timeline-card';
import '../directory-detail.scss';

const MEMBERSHIP_LABELS: Record<OrgDetailView['membership']['status'], string> = {
  none: '非成员',
  active: '成员',
  lapsed: '已退出',
};

/** An organization's profile: facts, alliance role, fields, capabilities and needs, its people. */
export default function OrgPage() {
  return (
    <DirectoryRecordPage mode="profile" load={getOrganization}>
      {(org) => <OrgProfile org={org} />}
    </DirectoryRecordPage>
  );
}

function OrgProfile({ org }: { org: OrgDetailView }) {
  const fields = useIndustryFields(true, org.fields);
  const me = useSession().user;
  const loadTimeline = useCallback(
    (search: TimelineSearch) => organizationTimeline(org.id, search),
    [org.id],
  );
  const region = regionText(org.region);
  const joined = org.membership.joinedAt ? org.membership.joinedAt.slice(0, 4) : null;
  const membership =
    org.membership.status === 'active' && joined
      ? `${joined} 年入盟`
      : org.membership.status === 'lapsed'
        ? '已退出联盟'
        : null;

  return (
    <View>
      <View className="ah-card ah-detail__profile">
        <View className="ah-detail__head">
          <View className="ah-detail__avatar ah-detail__avatar--org">
            <Text>{org.name.slice(0, 1)}</Text>
          </View>
          <View className="ah-detail__head-text">
            <Text className="ah-detail__name">{org.name}</Text>
            {org.aliases.length > 0 ? (
              <Text className="ah-detail__sub">简称：{org.aliases.join('、')}</Text>
            ) : null}
          </View>
        </View>
        <View className="ah-detail__facts">
          <Fact label="类型" value={ORG_KIND_LABELS[org.kind]} />
          <Fact label="联盟职务" value={ALLIANCE_ROLE_LABELS[org.allianceRole]} />
          {region ? <Fact label="所在地" value={region} /> : null}
          <Fact label="成员状态" value={membership ?? MEMBERSHIP_LABELS[org.membership.status]} />
        </View>
        {org.fields.length > 0 ? (
          <View className="ah-detail__block">
            <Text className="ah-detail__label">产业领域</Text>
            <DirectoryTags tags={fieldLabels(fields, org.fields)} />
          </View>
        ) : null}
        {org.keywords.length > 0 ? (
          <View className="ah-detail__block">
            <Text className="ah-detail__label">关键词</Text>
            <DirectoryTags tags={org.keywords} tone="neutral" />
          </View>
        ) : null}
        {org.canEdit ? (
          <Button
            className="ah-detail__edit"
            onClick={() => void Taro.navigateTo({ url: DIRECTORY_ROUTES.orgEdit(org.id) })}
          >
            编辑单位信息
          </Button>
        ) : null}
        {canLog(me, org.id) ? (
          <Button
            className="ah-detail__log"
            onClick={() => openQuickLog({ orgId: org.id, orgName: org.name })}
          >
            记一笔
          </Button>
        ) : null}
      </View>

      <TextSection title="技术优势与储备" text={org.capabilities} name="capabilities" />
      <TextSection title="技术需求" text={org.needs} name="needs" />
      <TextSection title="单位简介" text={org.intro} name="intro" />

      <View className="ah-card ah-detail__people">
        <Text className="ah-card__title">专家与联系人（{org.people.length}）</Text>
        {org.people.length === 0 ? (
          <Text className="ah-card__text">暂无登记人员，可联系秘书处补充</Text>
        ) : (
          org.people.map((person) => (
            <DirectoryPersonRow
              key={person.id}
              person={person}
              hideOrganization
              onClick={() => openPerson(person.id)}
            />
          ))
        )}
      </View>

      {me && (atLeast(me.role, 'coordinator') || me.organization?.id === org.id) ? (
        <View
          className="ah-card ah-detail__section ah-detail__intents"
          role="link"
          aria-label="合作意向"
          onClick={() => void Taro.navigateTo({ url: INTENT_ROUTES.org(org.id, org.name) })}
        >
          <Text className="ah-card__title">合作意向 ›</Text>
          <Text className="ah-card__text">这个单位参与的合作意向、阶段和合同</Text>
        </View>
      ) : null}

      <TimelineCard
        load={loadTimeline}
        onMakeIntent={
          me && atLeast(me.role, 'coordinator')
            ? (entry) =>
                openIntentCreate({
                  from: 'interaction',
                  interactionId: entry.ref.id,
                  topic: entry.note ? entry.note.slice(0, 40) : `${org.name}合作`,
                  parties: partyParam([{ id: org.id, role: 'demand', name: org.name }]),
                })
            : undefined
        }
        emptyHint={
          canLog(me, org.id) ? '点上方「记一笔」记录第一次联系' : '交换名片、活动报名和签到会出现在这里'
        }
      />
    </View>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className="ah-detail__fact">
      <Text className="ah-detail__fact-label">{label}</Text>
      <Text className="ah-detail__fact-value">{value}</Text>
    </View>
  );
}

/** Empty sections are left out rather than shown as "暂无". */
function TextSection({ title, text, name }: { title: string; text: string | null; name: string }) {
  if (!text) return null;
  return (
    <View className="ah-card ah-detail__section" data-section={name}>
      <Text className="ah-card__title">{title}</Text>
      <Text className="ah-detail__text">{text}</Text>
    </View>
  );
}
