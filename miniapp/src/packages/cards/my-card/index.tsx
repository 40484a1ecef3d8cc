import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { CONTACT_FIELDS, CONTACT_FIELD_LABELS, type CardView } from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { getMyCard, peekPendingSwap, updateMyCard } from '../../../services/cards';
import { ApiError } from '../../../utils/api-error';
import { serverFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { PHONE_INPUT_PROPS } from '../../../utils/phone-input';
import { FORM_ALERT_CLASS, useRevealFirstError } from '../../../utils/reveal-first-error';
import { NO_CUT } from '../../../utils/text-limit';
import { CardFace } from '../components/card-face';
import { CardsGate } from '../components/cards-gate';
import { CONTACTS_PAGE, REQUESTS_PAGE, parseSwapToken, swapPagePath } from '../swap-link';
import { formFromCard, validateCard, type CardFormValues, type CardTextKey } from './card-form';
import { ShowCode } from './show-code';
import '../cards.scss';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';
type Mode = 'view' | 'edit' | 'show' | 'scan';

export default function MyCardPage() {
  return (
    <CardsGate hint="登录后即可编辑名片、出示名片与他人交换。">
      <MyCard />
    </CardsGate>
  );
}

function MyCard() {
  const [card, setCard] = useState<CardView | null>(null);
  const [loadError, setLoadError] = useState<PageShellError | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [visible, setVisible] = useState(true);
  const [pending, setPending] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setCard(await getMyCard());
    } catch (failure) {
      setLoadError(failure instanceof Error ? failure : { message: '加载失败' });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  // The code stops refreshing (and polling) while the page is covered, e.g. during a scan.
  useDidShow(() => {
    setVisible(true);
    setPending(peekPendingSwap());
  });
  useDidHide(() => setVisible(false));

  const scan = async () => {
    if (!IS_WEAPP) {
      setMode('scan');
      return;
    }
    try {
      const result = await Taro.scanCode({ onlyFromCamera: false });
      const token = parseSwapToken(result.path || result.result);
      if (!token) {
        void Taro.showModal({
          title: '无法识别',
          content: '这不是联盟通的名片码，请扫描对方“出示名片”里的码。',
          showCancel: false,
        });
        return;
      }
      void Taro.navigateTo({ url: swapPagePath(token) });
    } catch {
      // The user closed the scanner: nothing to say.
    }
  };

  return (
    <View className="ah-page ah-my-card">
      <PageShell loading={!card && !loadError} error={card ? null : loadError} onRetry={() => void load()}>
        {card ? (
          <>
            {pending ? (
              <View
                className="ah-card ah-my-card__pending"
                onClick={() => void Taro.navigateTo({ url: swapPagePath(pending) })}
              >
                <Text>你有一次未完成的名片交换，点此继续</Text>
              </View>
            ) : null}
            {mode === 'edit' ? (
              <CardEditor
                card={card}
                onSaved={(saved) => {
                  setCard(saved);
                  setMode('view');
                }}
                onCancel={() => setMode('view')}
              />
            ) : mode === 'show' ? (
              <>
                <ShowCode active={visible} name={card.name} />
                <View className="ah-my-card__actions">
                  <Button className="ah-cards-button" onClick={() => void scan()}>
                    扫一扫
                  </Button>
                  <Button className="ah-cards-button" onClick={() => setMode('view')}>
                    返回名片
                  </Button>
                </View>
              </>
            ) : (
              <>
                <CardFace card={card} mine />
                <View className="ah-my-card__actions">
                  <Button
                    className="ah-cards-button ah-cards-button--primary"
                    onClick={() => setMode('show')}
                  >
                    出示名片
                  </Button>
                  <Button className="ah-cards-button" onClick={() => void scan()}>
                    扫一扫
                  </Button>
                </View>
                {mode === 'scan' ? <PasteLink onClose={() => setMode('view')} /> : null}
                <View className="ah-card ah-my-card__menu">
                  <MenuRow label="编辑名片" onClick={() => setMode('edit')} />
                  <MenuRow label="联系人" onClick={() => void Taro.navigateTo({ url: CONTACTS_PAGE })} />
                  <MenuRow label="名片请求" onClick={() => void Taro.navigateTo({ url: REQUESTS_PAGE })} />
                </View>
                <Text className="ah-my-card__privacy">
                  名片码只含一次性的交换凭证，不含你的信息。标为“交换后可见”的联系方式，只有与你交换过名片的人能看到；随时可在编辑名片中收回。
                </Text>
              </>
            )}
          </>
        ) : null}
      </PageShell>
    </View>
  );
}

function MenuRow({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <View className="ah-my-card__menu-row" role="button" onClick={onClick}>
      <Text>{label}</Text>
      <Text className="ah-my-card__chevron">›</Text>
    </View>
  );
}

/** H5 has no camera scanner: the phone's camera or WeChat opens the link; a pasted link works too. */
function PasteLink({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = () => {
    const token = parseSwapToken(text);
    if (!token) {
      setError('没有识别到名片链接，请粘贴对方“出示名片”下方的完整链接');
      return;
    }
    void Taro.navigateTo({ url: swapPagePath(token) });
  };
  return (
    <View className="ah-card ah-my-card__paste" data-testid="paste-link">
      <Text className="ah-card__title">扫描对方的名片</Text>
      <Text className="ah-card__text">
        浏览器里无法直接调用摄像头扫码：请用微信“扫一扫”或手机相机扫描对方的名片码，会直接打开交换页面。也可以把对方发来的名片链接粘贴在这里。
      </Text>
      <FormField label="名片链接" error={error}>
        <Input
          className="ah-cards-input"
          value={text}
          placeholder="粘贴 …/swap/index?t=… 链接"
          onInput={(event) => {
            setText(event.detail.value);
            setError(null);
          }}
        />
      </FormField>
      <View className="ah-my-card__actions">
        <Button className="ah-cards-button ah-cards-button--primary" onClick={open}>
          打开
        </Button>
        <Button className="ah-cards-button" onClick={onClose}>
          取消
        </Button>
      </View>
    </View>
  );
}

const TEXT_FIELDS: Array<{
  key: CardTextKey;
  label: string;
  placeholder: string;
  /** The schema's length limit for free text, shown at the field instead of cutting input. */
  max?: number;
  required?: boolean;
  hint?: string;
}> = [
  { key: 'name', label: '姓名', placeholder: '真实姓名', max: 40, required: true },
  { key: 'title', label: '职务', placeholder: '例如：总工程师', max: 60 },
  { key: 'mobile', label: '手机', placeholder: '11 位手机号码，可带 +86' },
  { key: 'email', label: '邮箱', placeholder: 'name@example.com' },
  { key: 'wechatId', label: '微信号', placeholder: '微信号（不是昵称）' },
  { key: 'offer', label: '我能提供', placeholder: '一句话，例如：铝合金焊接工艺', max: 80 },
  { key: 'seeking', label: '我在寻找', placeholder: '一句话，例如：高校联合研发', max: 80 },
];

function CardEditor({
  card,
  onSaved,
  onCancel,
}: {
  card: CardView;
  onSaved: (card: CardView) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<CardFormValues>(() => formFromCard(card));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const reveal = useRevealFirstError();

  const set = (key: CardTextKey, value: string) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _cleared, ...rest }) => rest);
  };
  const toggleShare = (field: (typeof CONTACT_FIELDS)[number]) =>
    setForm((current) => ({
      ...current,
      sharedFields: current.sharedFields.includes(field)
        ? current.sharedFields.filter((f) => f !== field)
        : CONTACT_FIELDS.filter((f) => f === field || current.sharedFields.includes(f)),
    }));

  const save = async () => {
    if (saving) return;
    setFailure(null);
    const result = validateCard(form);
    if (!result.ok) {
      setErrors(result.errors);
      reveal();
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const saved = await updateMyCard(result.body);
      void Taro.showToast({ title: '名片已保存', icon: 'success' });
      onSaved(saved);
    } catch (error) {
      const fields = serverFieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) {
        setFailure(error instanceof ApiError ? error.message : '保存失败，请稍后重试');
      }
      reveal();
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="ah-card ah-card-editor" data-testid="card-editor">
      <Text className="ah-card__title">编辑名片</Text>
      {TEXT_FIELDS.map(({ key, label, placeholder, max, required, hint }) => (
        <FormField
          key={key}
          label={label}
          required={required}
          error={errors[key] ?? null}
          hint={hint}
          limit={max}
          value={form[key]}
        >
          <Input
            className="ah-cards-input"
            value={form[key]}
            placeholder={placeholder}
            maxlength={NO_CUT}
            aria-label={label}
            {...(key === 'mobile' ? PHONE_INPUT_PROPS : { type: 'text' as const })}
            onInput={(event) => set(key, event.detail.value)}
          />
        </FormField>
      ))}
      <FormField
        label="交换名片后对方可见"
        error={errors.sharedFields ?? null}
        hint="关闭后，已交换的人也将看不到该项"
      >
        <View className="ah-card-editor__shares">
          {CONTACT_FIELDS.map((field) => {
            const on = form.sharedFields.includes(field);
            return (
              <View
                key={field}
                className="ah-card-editor__share"
                role="switch"
                aria-checked={on}
                aria-label={`共享${CONTACT_FIELD_LABELS[field]}`}
                onClick={() => toggleShare(field)}
              >
                <Text>{CONTACT_FIELD_LABELS[field]}</Text>
                <View className={`ah-cards-switch${on ? ' ah-cards-switch--on' : ''}`}>
                  <View className="ah-cards-switch__knob" />
                </View>
              </View>
            );
          })}
        </View>
      </FormField>
      {failure ? <Text className={`ah-cards-error ${FORM_ALERT_CLASS}`}>{failure}</Text> : null}
      <View className="ah-my-card__actions">
        <Button
          className="ah-cards-button ah-cards-button--primary"
          loading={saving}
          onClick={() => void save()}
        >
          保存
        </Button>
        <Button className="ah-cards-button" onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
