import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CONTACT_FIELDS, CONTACT_FIELD_LABELS, type PublicationContactView } from '@alliance-hub/types';

const PERSON_URL = (id: string) => `/packages/directory/person/index?id=${encodeURIComponent(id)}`;

/**
 * The item's contact people. Their phone, e-mail and WeChat follow the directory's privacy rule
 * (PIPL): the server sends them only to people allowed to see them, and says when exchanging
 * cards would reveal them.
 */
export function ContactsCard({ contacts }: { contacts: PublicationContactView[] }) {
  return (
    <View className="ah-card ah-mm-contacts">
      <Text className="ah-card__title">联系人</Text>
      {contacts.length === 0 ? (
        <Text className="ah-card__text">未指定联系人，可联系联盟秘书处对接</Text>
      ) : null}
      {contacts.map((contact) => {
        const shown = CONTACT_FIELDS.filter((field) => contact.contacts[field]);
        return (
          <View key={contact.personId} className="ah-mm-contacts__person" data-person={contact.personId}>
            <View
              className="ah-mm-contacts__who"
              role="link"
              onClick={() => void Taro.navigateTo({ url: PERSON_URL(contact.personId) })}
            >
              <Text className="ah-mm-contacts__name">{contact.name}</Text>
              {contact.title ? <Text className="ah-mm-contacts__title">{contact.title}</Text> : null}
              <Text className="ah-mm-contacts__more">›</Text>
            </View>
            {shown.map((field) => (
              <View
                key={field}
                className="ah-mm-contacts__row"
                role="button"
                onClick={() => void Taro.setClipboardData({ data: contact.contacts[field]! })}
              >
                <Text className="ah-mm-contacts__label">{CONTACT_FIELD_LABELS[field]}</Text>
                <Text className="ah-mm-contacts__value">{contact.contacts[field]}</Text>
              </View>
            ))}
            {contact.contactsHidden ? (
              <Text className="ah-mm-contacts__privacy" data-testid="contacts-hidden">
                交换名片后可查看联系方式。联系方式属于个人信息，仅本人、联盟秘书处和交换过名片的人可见。
              </Text>
            ) : shown.length === 0 ? (
              <Text className="ah-mm-contacts__privacy">未填写联系方式</Text>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
