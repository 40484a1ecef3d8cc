import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { ORG_KINDS, ORG_KIND_LABELS } from '@alliance-hub/types';
import { AccountChips } from '../../../components/account-chips';
import { FormField } from '../../../components/form-field';
import { PageShell } from '../../../components/page-shell';
import { createApplication, listMyApplications } from '../../../services/applications';
import { useSession } from '../../../stores/session-store';
import { ApiError } from '../../../utils/api-error';
import { serverFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { FORM_ALERT_CLASS, useRevealFirstError } from '../../../utils/reveal-first-error';
import { NO_CUT } from '../../../utils/text-limit';
import {
  EMPTY_FORM,
  formFromApplication,
  validateApplication,
  type ApplicationFormValues,
} from './application-form';
import './index.scss';

const KIND_OPTIONS = ORG_KINDS.map((kind) => ({ value: kind, label: ORG_KIND_LABELS[kind] }));
const ME_URL = '/pages/me/index';

type TextKey = Exclude<keyof ApplicationFormValues, 'kind'>;

export default function ApplyPage() {
  const session = useSession();
  const isGuest = session.status === 'signed-in' && session.user.role === 'guest';

  if (session.status !== 'signed-in' || !isGuest) {
    return (
      <View className="ah-page">
        <PageShell
          loading={session.status === 'unknown'}
          empty
          emptyState={
            session.status === 'signed-in'
              ? {
                  title: '您已是联盟成员',
                  hint: '只有访客需要申请加入联盟。',
                  actionText: '返回我的',
                  onAction: goMe,
                }
              : { title: '请先登录', hint: '登录后即可申请加入联盟。', actionText: '去登录', onAction: goMe }
          }
        />
      </View>
    );
  }
  return <ApplyForm displayName={session.user.displayName} />;
}

/**
 * The form mounts only once the guest is known, so its first render already holds their name.
 * Changing an Input's value in the same tick it mounts made Taro's H5 input read the value of a
 * native element it had not created yet ("Cannot read properties of undefined (reading
 * 'value')" each time the page opened).
 */
function ApplyForm({ displayName }: { displayName: string }) {
  const [form, setForm] = useState<ApplicationFormValues>(() => ({ ...EMPTY_FORM, name: displayName }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const reveal = useRevealFirstError();

  // The inputs mount once the prefill is known, with their final values, for the same reason.
  const [prefilled, setPrefilled] = useState(false);

  useEffect(() => {
    // Prefill from a rejected or withdrawn application so 重新申请 only fixes what was wrong.
    let active = true;
    listMyApplications()
      .then(([latest]) => {
        if (active && latest && (latest.status === 'rejected' || latest.status === 'withdrawn')) {
          setForm(formFromApplication(latest));
        }
      })
      .catch(() => undefined)
      .finally(() => active && setPrefilled(true));
    return () => {
      active = false;
    };
  }, []);

  const set = (key: keyof ApplicationFormValues, value: string | null) => {
    setForm((current) => ({ ...current, [key]: value }));
    const path = FIELD_PATHS[key];
    if (errors[path]) setErrors(({ [path]: _cleared, ...rest }) => rest);
  };

  const submit = async () => {
    if (submitting) return;
    setFailure(null);
    const result = validateApplication(form);
    if (!result.ok) {
      setErrors(result.errors);
      reveal();
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await createApplication(result.body);
      void Taro.showToast({ title: '申请已提交', icon: 'success' });
      await leave();
    } catch (error) {
      const fields = serverFieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) {
        setFailure(error instanceof ApiError ? error.message : '提交失败，请稍后重试');
      }
      reveal();
    } finally {
      setSubmitting(false);
    }
  };

  const text = (key: TextKey, placeholder: string) => (
    <Input
      className="ah-apply__input"
      value={form[key]}
      placeholder={placeholder}
      maxlength={NO_CUT}
      onInput={(event) => set(key, event.detail.value)}
    />
  );
  const error = (key: keyof ApplicationFormValues) => errors[FIELD_PATHS[key]] ?? null;
  const errorCount = Object.keys(errors).length;

  if (!prefilled) {
    return (
      <View className="ah-page">
        <PageShell loading />
      </View>
    );
  }

  return (
    <View className="ah-page ah-apply">
      <View className="ah-card">
        <Text className="ah-card__title">单位信息</Text>
        <FormField
          label="单位名称"
          required
          error={error('orgName')}
          limit={80}
          value={form.orgName}
          hint="请填写营业执照或登记证书上的全称"
        >
          {text('orgName', '例如：某某新材料科技有限公司')}
        </FormField>
        <FormField label="单位类型" required error={error('kind')}>
          <AccountChips
            label="单位类型"
            options={KIND_OPTIONS}
            value={form.kind}
            onChange={(kind) => set('kind', kind)}
          />
        </FormField>
        <View className="ah-apply__pair">
          <FormField label="所在省份" required error={error('province')} limit={20} value={form.province}>
            {text('province', '例如：辽宁省')}
          </FormField>
          <FormField label="所在城市" required error={error('city')} limit={20} value={form.city}>
            {text('city', '例如：沈阳市')}
          </FormField>
        </View>
        <FormField label="统一社会信用代码（选填）" error={error('creditCode')}>
          {text('creditCode', '18 位，见营业执照')}
        </FormField>
        <FormField label="单位简介（选填）" error={error('intro')} limit={1000} value={form.intro}>
          <Textarea
            className="ah-apply__textarea"
            value={form.intro}
            maxlength={NO_CUT}
            placeholder="主营业务、研究方向或技术优势"
            onInput={(event) => set('intro', event.detail.value)}
          />
        </FormField>
      </View>

      <View className="ah-card">
        <Text className="ah-card__title">申请人（单位代表）</Text>
        <FormField label="姓名" required error={error('name')} limit={40} value={form.name}>
          {text('name', '您的姓名')}
        </FormField>
        <FormField label="职务" required error={error('title')} limit={60} value={form.title}>
          {text('title', '例如：技术总监')}
        </FormField>
        <FormField label="手机号码" required error={error('mobile')} hint="仅秘书处审核时可见">
          {text('mobile', '11 位手机号码')}
        </FormField>
        <FormField label="邮箱（选填）" error={error('email')}>
          {text('email', 'name@example.com')}
        </FormField>
      </View>

      <View className="ah-card">
        <Text className="ah-card__title">给秘书处的留言</Text>
        <FormField label="留言（选填）" error={error('message')} limit={500} value={form.message}>
          <Textarea
            className="ah-apply__textarea"
            value={form.message}
            maxlength={NO_CUT}
            placeholder="希望对接的方向、推荐人等"
            onInput={(event) => set('message', event.detail.value)}
          />
        </FormField>
      </View>

      {failure ? (
        <View className={`ah-apply__alert ${FORM_ALERT_CLASS}`} role="alert">
          <Text>{failure}</Text>
        </View>
      ) : errorCount > 0 ? (
        <View className={`ah-apply__alert ${FORM_ALERT_CLASS}`} role="alert">
          <Text>请修改标红的 {errorCount} 项后再提交</Text>
        </View>
      ) : null}
      <Button
        className="ah-apply__submit"
        loading={submitting || undefined}
        disabled={submitting || undefined}
        onClick={() => void submit()}
      >
        提交申请
      </Button>
    </View>
  );
}

const FIELD_PATHS: Record<keyof ApplicationFormValues, string> = {
  orgName: 'organization.name',
  kind: 'organization.kind',
  province: 'organization.province',
  city: 'organization.city',
  creditCode: 'organization.creditCode',
  intro: 'organization.intro',
  name: 'applicant.name',
  title: 'applicant.title',
  mobile: 'applicant.mobile',
  email: 'applicant.email',
  message: 'message',
};

function goMe() {
  void Taro.switchTab({ url: ME_URL });
}

/** Back to 我的, which re-reads the application on show; a deep link has no page to go back to. */
async function leave() {
  if (Taro.getCurrentPages().length > 1) await Taro.navigateBack();
  else await Taro.switchTab({ url: ME_URL });
}
