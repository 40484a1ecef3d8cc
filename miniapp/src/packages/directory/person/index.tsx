import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  CONTACT_FIELDS,
  CONTACT_FIELD_LABELS,
  ORG_KIND_LABELS,
  type ContactField,
  type PersonDetailView,
} from '@alliance-hub/types';
import { DirectoryTags } from '../../../components/directory-tags';
import { getPerson } from '../../../services/directory';
import { requestCard } from '../../../services/cards';
import { ApiError } from '../../../utils/api-error';
import { DIRECTORY_ROUTES, openOrganization } from '../../../pages/directory/directory-routes';
import { canLog, openQuickLog } from '../../../pages/me/interaction-routes';
import { useSession } from '../../../stores/session-store';
import { personTimeline, type TimelineSearch } from '../../../services/interactions';
import { DirectoryRecordPage } from '../record-page';
import { TimelineCard } from '../timeline-card';
import '../directory-detail.scss';

export const CONTACTS_HIDDEN_HINT = '交换名片后可查看联系方式';

/** A person's profile; contact fields only where the privacy rule allows. */
export default function PersonPage() {
  return (
    <DirectoryRecordPage mode="profile" load={getPerson}>
      {(person) => <PersonProfile person={person} />}
    </DirectoryRecordPage>
  );
}

function PersonProfile({ person }: { person: PersonDetailView }) {
  const me = useSession().user;
  const loadTimeline = useCallback(
    (search: TimelineSearch) => personTimeline(person.id, search),
    [person.id],
  );
  return (
    <View>
      <View className="ah-card ah-detail__profile">
        <View className="ah-detail__head">
          <View className="ah-detail__avatar ah-detail__avatar--person">
            <Text>{person.name.slice(0, 1)}</Text>
          </View>
          <View className="ah-detail__head-text">
            <Text className="ah-detail__name">{person.name}</Text>
            {person.title ? <Text className="ah-detail__sub">{person.title}</Text> : null}
          </View>
        </View>
        {person.organization ? (
          <View
            className="ah-detail__org-link"
            role="link"
            onClick={() => openOrganization(person.organization!.id)}
          >
            <View className="ah-detail__org-text">
              <Text className="ah-detail__fact-label">所在单位</Text>
              <Text className="ah-detail__org-name">{person.organization.name}</Text>
            </View>
            <Text className="ah-detail__org-kind">{ORG_KIND_LABELS[person.organization.kind]} ›</Text>
          </View>
        ) : null}
        {person.expertise.length > 0 ? (
          <View className="ah-detail__block">
            <Text className="ah-detail__label">专长领域</Text>
            <DirectoryTags tags={person.expertise} tone="success" />
          </View>
        ) : null}
        {person.canEdit ? (
          <Button
            className="ah-detail__edit"
            onClick={() => void Taro.navigateTo({ url: DIRECTORY_ROUTES.personEdit(person.id) })}
          >
            编辑个人信息
          </Button>
        ) : null}
        {canLog(me, person.organization?.id) ? (
          <Button
            className="ah-detail__log"
            onClick={() =>
              openQuickLog({
                personId: person.id,
                personName: person.name,
                orgName: person.organization?.name,
              })
            }
          >
            记一笔
          </Button>
        ) : null}
      </View>
      <Contacts person={person} />
      <TimelineCard
        load={loadTimeline}
        emptyHint={
          canLog(me, person.organization?.id)
            ? '点上方「记一笔」记录第一次联系'
            : '交换名片、活动报名和签到会出现在这里'
        }
      />
    </View>
  );
}

function Contacts({ person }: { person: PersonDetailView }) {
  if (!person.contacts) {
    return (
      <View className="ah-card ah-detail__contacts">
        <Text className="ah-card__title">联系方式</Text>
        <View className="ah-detail__privacy" data-testid="contacts-hidden">
          <View className="ah-detail__lock" />
          <View>
            <Text className="ah-detail__privacy-title">
              {person.contactsHidden ? CONTACTS_HIDDEN_HINT : '暂无联系方式'}
            </Text>
            {person.contactsHidden ? (
              <Text className="ah-detail__privacy-hint">
                {person.hasAccount
                  ? '联系方式属于个人信息，仅本人、联盟秘书处和交换过名片的人可见。可在联盟活动现场与对方交换名片，或向对方索要名片。'
                  : '联系方式属于个人信息，仅本人、联盟秘书处和交换过名片的人可见。'}
              </Text>
            ) : null}
            {person.contactsHidden && person.hasAccount ? <RequestCardButton personId={person.id} /> : null}
            {person.contactsHidden && !person.hasAccount ? (
              // A request needs someone to answer it: say why there is no button, and what works instead.
              <Text className="ah-detail__privacy-hint ah-detail__no-account" data-testid="no-account">
                对方还没有开通联盟通账号，暂时无法索要名片。可在联盟活动现场当面交换，或请秘书处协助联系。
              </Text>
            ) : null}
          </View>
        </View>
      </View>
    );
  }
  const { contacts } = person;
  const filled = CONTACT_FIELDS.filter((field) => contacts[field]);
  return (
    <View className="ah-card ah-detail__contacts">
      <Text className="ah-card__title">联系方式</Text>
      {filled.length === 0 ? <Text className="ah-card__text">未填写联系方式</Text> : null}
      {filled.map((field) => (
        <ContactRow key={field} field={field} value={contacts[field]!} />
      ))}
    </View>
  );
}

/** "Request a card": the other side approves or declines; nothing is revealed until they do. */
function RequestCardButton({ personId }: { personId: string }) {
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const send = async () => {
    setState('busy');
    try {
      await requestCard(personId);
      setState('sent');
      void Taro.showToast({ title: '已发送，等待对方同意', icon: 'none' });
    } catch (error) {
      setState('idle');
      void Taro.showToast({
        title: error instanceof ApiError ? error.message : '发送失败，请稍后重试',
        icon: 'none',
      });
    }
  };
  return (
    <Button
      className="ah-detail__request-card"
      disabled={state !== 'idle' || undefined}
      onClick={() => void send()}
    >
      {state === 'sent' ? '已发送名片请求' : '索要名片'}
    </Button>
  );
}

function ContactRow({ field, value }: { field: ContactField; value: string }) {
  const call = field === 'mobile';
  const act = () => {
    if (call) {
      void Taro.makePhoneCall({ phoneNumber: value }).catch(() => {
        // The user cancelled the call sheet, or the browser has no phone: nothing to report.
      });
    } else {
      void Taro.setClipboardData({ data: value });
    }
  };
  return (
    <View className="ah-detail__contact" role="button" data-contact={field} onClick={act}>
      <Text className="ah-detail__fact-label">{CONTACT_FIELD_LABELS[field]}</Text>
      <Text className="ah-detail__contact-value">{value}</Text>
      <Text className="ah-detail__contact-action">{call ? '拨打' : '复制'}</Text>
    </View>
  );
}
