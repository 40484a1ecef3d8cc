import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { ContactView } from '@alliance-hub/types';
import { canLog, openQuickLog } from '../../../pages/me/interaction-routes';
import { removeContact, setContactNote } from '../../../services/cards';
import { useSession } from '../../../stores/session-store';
import { ApiError } from '../../../utils/api-error';
import { formatShanghaiTime } from '../../../utils/format-time';
import { NO_CUT, overLimitMessage } from '../../../utils/text-limit';
import { CardFace } from '../components/card-face';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';
/** ContactNoteBody's limit. */
const NOTE_MAX = 500;
const errorText = (error: unknown, fallback: string) =>
  error instanceof ApiError ? error.message : fallback;

export interface ContactSheetProps {
  contact: ContactView;
  onClose: () => void;
  onChanged: (contact: ContactView) => void;
  onRemoved: (id: string) => void;
}

/** One contact: their card, when and where we met, my private note, and what I can do with it. */
export function ContactSheet({ contact, onClose, onChanged, onRemoved }: ContactSheetProps) {
  const me = useSession().user;
  const { card } = contact;
  const [note, setNote] = useState(contact.note ?? '');
  const [savingNote, setSavingNote] = useState(false);
  const [noteError, setNoteError] = useState<string | null>(null);
  const noteChanged = (contact.note ?? '') !== note.trim();
  const noteTooLong = overLimitMessage(note, NOTE_MAX);

  const saveNote = async () => {
    if (noteTooLong) return;
    setSavingNote(true);
    setNoteError(null);
    try {
      onChanged(await setContactNote(contact.id, note.trim() ? note.trim() : null));
      void Taro.showToast({ title: '备注已保存', icon: 'success' });
    } catch (error) {
      setNoteError(errorText(error, '保存失败，请稍后重试'));
    } finally {
      setSavingNote(false);
    }
  };

  const saveToPhone = () => {
    void Taro.addPhoneContact({
      firstName: card.name,
      title: card.title ?? undefined,
      organization: card.organization?.name,
      mobilePhoneNumber: card.contacts.mobile ?? undefined,
      email: card.contacts.email ?? undefined,
      weChatNumber: card.contacts.wechatId ?? undefined,
      remark: note.trim() || undefined,
    }).catch(() => undefined);
  };

  const remove = async () => {
    const answer = await Taro.showModal({
      title: `移除 ${card.name}？`,
      content: '移除后对方不会收到通知，你将看不到其联系方式',
      confirmText: '移除',
      confirmColor: '#c0392b',
    });
    if (!answer.confirm) return;
    try {
      await removeContact(contact.id);
      void Taro.showToast({ title: '已移除', icon: 'success' });
      onRemoved(contact.id);
    } catch (error) {
      void Taro.showModal({ title: '移除失败', content: errorText(error, '请稍后重试'), showCancel: false });
    }
  };

  return (
    <View className="ah-contact-sheet" data-testid="contact-sheet">
      <View className="ah-contact-sheet__mask" onClick={onClose} />
      <View className="ah-contact-sheet__panel">
        <View className="ah-contact-sheet__bar">
          <Text className="ah-contact-sheet__meta">
            {formatShanghaiTime(contact.exchangedAt).slice(0, 16)} 交换
            {contact.event ? ` · ${contact.event.title}` : ''}
            {contact.via === 'request' ? ' · 通过名片请求' : ''}
          </Text>
          <View className="ah-contact-sheet__close" role="button" aria-label="关闭" onClick={onClose}>
            ×
          </View>
        </View>
        <CardFace card={card} />
        <View className="ah-contact-sheet__actions">
          {card.contacts.mobile ? (
            <Button
              className="ah-cards-button"
              onClick={() =>
                void Taro.makePhoneCall({ phoneNumber: card.contacts.mobile! }).catch(() => undefined)
              }
            >
              拨打电话
            </Button>
          ) : null}
          {card.contacts.wechatId ? (
            <Button
              className="ah-cards-button"
              onClick={() => void Taro.setClipboardData({ data: card.contacts.wechatId! })}
            >
              复制微信号
            </Button>
          ) : null}
          {canLog(me, card.organization?.id) ? (
            <Button
              className="ah-cards-button ah-cards-button--primary"
              onClick={() =>
                openQuickLog({
                  personId: card.personId,
                  personName: card.name,
                  orgName: card.organization?.name,
                  eventId: contact.event?.id,
                  eventTitle: contact.event?.title,
                })
              }
            >
              记一笔
            </Button>
          ) : null}
          {IS_WEAPP ? (
            <Button className="ah-cards-button" onClick={saveToPhone}>
              保存到手机通讯录
            </Button>
          ) : null}
        </View>
        {!IS_WEAPP ? (
          <Text className="ah-contact-sheet__hint">在微信小程序中打开可一键保存到手机通讯录。</Text>
        ) : null}
        <View className="ah-contact-sheet__note">
          <Text className="ah-contact-sheet__label">私人备注（仅自己可见）</Text>
          <Textarea
            className="ah-cards-textarea"
            value={note}
            maxlength={NO_CUT}
            placeholder="例如：对方对我们的焊接工艺感兴趣，下周回访"
            onInput={(event) => {
              setNote(event.detail.value);
              setNoteError(null);
            }}
          />
          {noteTooLong || noteError ? (
            <Text className="ah-cards-error">{noteTooLong ?? noteError}</Text>
          ) : null}
          <Button
            className={`ah-cards-button ah-cards-button--primary${noteChanged && !savingNote && !noteTooLong ? '' : ' ah-cards-button--disabled'}`}
            disabled={!noteChanged || savingNote || Boolean(noteTooLong) || undefined}
            loading={savingNote}
            onClick={() => void saveNote()}
          >
            保存备注
          </Button>
        </View>
        <Button className="ah-cards-button ah-cards-button--danger" onClick={() => void remove()}>
          移除联系人
        </Button>
      </View>
    </View>
  );
}
