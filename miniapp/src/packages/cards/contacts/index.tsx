import { useMemo, useState } from 'react';
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { CONTACT_FIELDS, CONTACT_FIELD_LABELS, type ContactView } from '@alliance-hub/types';
import { PageShell } from '../../../components/page-shell';
import { formatShanghaiTime } from '../../../utils/format-time';
import { CardsGate } from '../components/cards-gate';
import { groupContactsByEvent } from '../contact-groups';
import { MY_CARD_PAGE } from '../swap-link';
import { ContactSheet } from './contact-sheet';
import { ListFooter } from '../../../components/list-footer';
import { useContacts, useDebounced } from './use-contacts';
import '../cards.scss';
import './index.scss';

export default function ContactsPage() {
  return (
    <CardsGate hint="登录后即可查看交换过名片的联系人。">
      <Contacts />
    </CardsGate>
  );
}

function Contacts() {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const list = useContacts(q);
  const [openId, setOpenId] = useState<string | null>(null);
  const groups = useMemo(() => groupContactsByEvent(list.items ?? []), [list.items]);
  const open = list.items?.find((contact) => contact.id === openId) ?? null;

  // Back from a swap or from my card: show the newest exchanges.
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) void list.reload();
    setShown(true);
  });
  useReachBottom(() => void list.loadMore());

  const empty = !list.loading && !list.error && list.items?.length === 0;
  return (
    <View className="ah-page ah-contacts">
      <View className="ah-contacts__search">
        <Input
          className="ah-contacts__search-input"
          value={text}
          placeholder="搜索姓名、单位、备注"
          confirmType="search"
          onInput={(event) => setText(event.detail.value)}
        />
        {text ? (
          <View
            className="ah-contacts__clear"
            role="button"
            aria-label="清除搜索"
            onClick={() => setText('')}
          >
            ×
          </View>
        ) : null}
      </View>
      <PageShell
        loading={list.loading && !list.items}
        error={list.error}
        onRetry={() => void list.reload()}
        empty={empty}
        emptyState={
          q
            ? { title: `没有找到“${q}”`, hint: '换个姓名或单位试试' }
            : {
                title: '还没有联系人——在活动现场出示或扫描名片即可交换',
                actionText: '出示我的名片',
                onAction: () => void Taro.navigateTo({ url: MY_CARD_PAGE }),
              }
        }
      >
        {groups.map((group) => (
          <View key={group.key} className="ah-contacts__group" data-testid="contact-group">
            <Text className="ah-contacts__group-title">
              {group.title} · {group.items.length} 人
            </Text>
            <View className="ah-card ah-contacts__list">
              {group.items.map((contact) => (
                <ContactRow key={contact.id} contact={contact} onOpen={() => setOpenId(contact.id)} />
              ))}
            </View>
          </View>
        ))}
        <ListFooter list={list} />
      </PageShell>
      {open ? (
        <ContactSheet
          key={open.id}
          contact={open}
          onClose={() => setOpenId(null)}
          onChanged={(changed) =>
            list.setItems((items) => items.map((c) => (c.id === changed.id ? changed : c)))
          }
          onRemoved={(id) => {
            setOpenId(null);
            list.setItems((items) => items.filter((c) => c.id !== id));
          }}
        />
      ) : null}
    </View>
  );
}

function ContactRow({ contact, onOpen }: { contact: ContactView; onOpen: () => void }) {
  const { card } = contact;
  const fields = CONTACT_FIELDS.filter((field) => card.contacts[field]);
  return (
    <View className="ah-contacts__row" role="button" data-testid="contact-row" onClick={onOpen}>
      <View className="ah-contacts__avatar">
        <Text>{card.name.slice(0, 1)}</Text>
      </View>
      <View className="ah-contacts__body">
        <View className="ah-contacts__line">
          <Text className="ah-contacts__name">{card.name}</Text>
          {card.title ? <Text className="ah-contacts__title">{card.title}</Text> : null}
          <Text className="ah-contacts__date">{formatShanghaiTime(contact.exchangedAt).slice(0, 10)}</Text>
        </View>
        {card.organization ? <Text className="ah-contacts__org">{card.organization.name}</Text> : null}
        {fields.length > 0 ? (
          <View className="ah-contacts__fields">
            {fields.map((field) => (
              <Text key={field} className="ah-contacts__field" data-field={field}>
                {CONTACT_FIELD_LABELS[field]} {card.contacts[field]}
              </Text>
            ))}
          </View>
        ) : (
          <Text className="ah-contacts__muted">对方未共享联系方式</Text>
        )}
        {contact.note ? <Text className="ah-contacts__note">备注：{contact.note}</Text> : null}
      </View>
    </View>
  );
}
