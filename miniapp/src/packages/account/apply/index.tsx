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
  const [form, setForm] = useState<ApplicationFormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const isGuest = session.status === 'signed-in' && session.user.role === 'guest';
  const displayName = session.status === 'signed-in' ? session.user.displayName : '';

  useEffect(() => {
    if (!isGuest) return;
    setForm((current) => (current.name ? current : { ...current, name: displayName }));
    // Prefill from a rejected or withdrawn application so 重新申请 only fixes what was wrong.
    listMyApplications()
      .then(([latest]) => {
        if (latest && (latest.status === 'rejected' || latest.status === 'withdrawn')) {
          setForm(formFromApplication(latest));
        }
      })
      .catch(() => undefined);
  }, [isGuest, displayName]);

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
    } finally {
      setSubmitting(false);
    }
  };

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

  const text = (key: TextKey, placeholder: string, extra: { maxlength?: number } = {}) => (
    <Input
      className="ah-apply__input"
      value={form[key]}
      placeholder={placeholder}
      maxlength={extra.maxlength ?? 140}
      onInput={(event) => set(key, event.detail.value)}
    />
  );
  const error = (key: keyof ApplicationFormValues) => errors[FIELD_PATHS[key]] ?? null;
  const errorCount = Object.keys(errors).length;

  return (
    <View className="ah-page ah-apply">
      <View className="ah-card">
        <Text className="ah-card__title">单位信息</Text>
        <FormField label="单位名称" required error={error('orgName')} hint="请填写营业执照或登记证书上的全称">
          {text('orgName', '例如：某某新材料科技有限公司', { maxlength: 80 })}
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
          <FormField label="所在省份" required error={error('province')}>
            {text('province', '例如：辽宁省', { maxlength: 20 })}
          </FormField>
          <FormField label="所在城市" required error={error('city')}>
            {text('city', '例如：沈阳市', { maxlength: 20 })}
          </FormField>
        </View>
        <FormField label="统一社会信用代码（选填）" error={error('creditCode')}>
          {text('creditCode', '18 位，见营业执照', { maxlength: 18 })}
        </FormField>
        <FormField label="单位简介（选填）" error={error('intro')}>
          <Textarea
            className="ah-apply__textarea"
            value={form.intro}
            maxlength={1000}
            placeholder="主营业务、研究方向或技术优势"
            onInput={(event) => set('intro', event.detail.value)}
          />
        </FormField>
      </View>

      <View className="ah-card">
        <Text className="ah-card__title">申请人（单位代表）</Text>
        <FormField label="姓名" required error={error('name')}>
          {text('name', '您的姓名', { maxlength: 40 })}
        </FormField>
        <FormField label="职务" required error={error('title')}>
          {text('title', '例如：技术总监', { maxlength: 60 })}
        </FormField>
        <FormField label="手机号码" required error={error('mobile')} hint="仅秘书处审核时可见">
          {text('mobile', '11 位手机号码', { maxlength: 20 })}
        </FormField>
        <FormField label="邮箱（选填）" error={error('email')}>
          {text('email', 'name@example.com', { maxlength: 120 })}
        </FormField>
      </View>

      <View className="ah-card">
        <Text className="ah-card__title">给秘书处的留言</Text>
        <FormField label="留言（选填）" error={error('message')}>
          <Textarea
            className="ah-apply__textarea"
            value={form.message}
            maxlength={500}
            placeholder="希望对接的方向、推荐人等"
            onInput={(event) => set('message', event.detail.value)}
          />
        </FormField>
      </View>

      {failure ? (
        <View className="ah-apply__alert" role="alert">
          <Text>{failure}</Text>
        </View>
      ) : errorCount > 0 ? (
        <View className="ah-apply__alert" role="alert">
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
