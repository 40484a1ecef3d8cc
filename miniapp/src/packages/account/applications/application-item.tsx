import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import {
  APPLICATION_STATUS_LABELS,
  ApplicationRejectBody,
  ORG_KIND_LABELS,
  type ApplicationView,
} from '@alliance-hub/types';
import { NO_CUT } from '../../../utils/text-limit';
import { FormField } from '../../../components/form-field';
import { approveApplication, rejectApplication } from '../../../services/applications';
import { serverFieldErrors } from '../../../utils/field-errors';
import { formatShanghaiTime } from '../../../utils/format-time';

export interface ApplicationItemProps {
  application: ApplicationView;
  /** Called with the decided application so the list can drop it from 待审核. */
  onDecided: (decided: ApplicationView) => void;
}

/** One application with everything the secretariat needs to decide, and the decision buttons. */
export function ApplicationItem({ application: app, onDecided }: ApplicationItemProps) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const org = app.organization;
  // `undefined`, not `false`: on H5 a false prop still renders disabled="false", and Taro's
  // button CSS matches [disabled] by presence, greying the text out.
  const disabled = busy || undefined;

  const fail = (error: unknown, title: string) =>
    void Taro.showModal({
      title,
      content: error instanceof Error ? error.message : '请稍后重试',
      showCancel: false,
    });

  const approve = async () => {
    const { confirm } = await Taro.showModal({
      title: '通过申请',
      content: org.existing
        ? `${app.applicant.name} 将成为“${org.existing.name}”的成员单位代表。`
        : `将新建成员单位“${org.name}”，${app.applicant.name} 成为其代表。`,
      confirmText: '通过',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      onDecided(await approveApplication(app.id));
      void Taro.showToast({ title: '已通过', icon: 'success' });
    } catch (error) {
      fail(error, '操作失败');
    } finally {
      setBusy(false);
    }
  };

  const reject = async () => {
    const parsed = ApplicationRejectBody.safeParse({ reason });
    if (!parsed.success) {
      setReasonError(reason.trim().length < 2 ? '请填写未通过原因（至少 2 个字）' : '原因最多 300 个字');
      return;
    }
    setReasonError(null);
    setBusy(true);
    try {
      onDecided(await rejectApplication(app.id, parsed.data.reason));
      void Taro.showToast({ title: '已驳回', icon: 'success' });
    } catch (error) {
      const fieldError = serverFieldErrors(error).reason;
      if (fieldError) setReasonError(fieldError);
      else fail(error, '操作失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="ah-card ah-review__item">
      <View className="ah-review__head">
        <Text className="ah-review__org">{org.name}</Text>
        <Text className={`ah-review__status ah-review__status--${app.status}`}>
          {APPLICATION_STATUS_LABELS[app.status]}
        </Text>
      </View>
      <Text className={`ah-review__match${org.existing ? ' ah-review__match--existing' : ''}`}>
        {org.existing ? `将关联已有单位：${org.existing.name}` : '将新建成员单位'}
      </Text>

      <View className="ah-review__facts">
        <Fact label="单位类型" value={ORG_KIND_LABELS[org.kind]} />
        <Fact label="所在地区" value={`${org.province} ${org.city}`} />
        {org.creditCode ? <Fact label="信用代码" value={org.creditCode} /> : null}
        {org.intro ? <Fact label="单位简介" value={org.intro} /> : null}
        <Fact label="申请人" value={`${app.applicant.name} · ${app.applicant.title}`} />
        <Fact label="手机" value={app.applicant.mobile} />
        {app.applicant.email ? <Fact label="邮箱" value={app.applicant.email} /> : null}
        {app.message ? <Fact label="留言" value={app.message} /> : null}
        <Fact label="提交时间" value={formatShanghaiTime(app.createdAt)} />
        {app.decidedAt ? (
          <Fact
            label="审核"
            value={`${formatShanghaiTime(app.decidedAt)}${app.decidedBy ? ` · ${app.decidedBy.displayName}` : ''}`}
          />
        ) : null}
        {app.rejectReason ? <Fact label="未通过原因" value={app.rejectReason} /> : null}
      </View>

      {app.status === 'pending' && rejecting ? (
        <View className="ah-review__reject">
          <FormField
            label="未通过原因"
            required
            error={reasonError}
            hint="申请人会看到这段说明"
            limit={300}
            value={reason}
          >
            <Textarea
              className="ah-review__reason"
              value={reason}
              maxlength={NO_CUT}
              placeholder="例如：请补充单位全称和统一社会信用代码"
              onInput={(event) => {
                setReason(event.detail.value);
                if (reasonError) setReasonError(null);
              }}
            />
          </FormField>
          <View className="ah-review__actions">
            <Button className="ah-account-button" disabled={disabled} onClick={() => setRejecting(false)}>
              取消
            </Button>
            <Button
              className="ah-account-button ah-account-button--danger"
              disabled={disabled}
              onClick={() => void reject()}
            >
              确认驳回
            </Button>
          </View>
        </View>
      ) : app.status === 'pending' ? (
        <View className="ah-review__actions">
          <Button
            className="ah-account-button ah-account-button--danger"
            disabled={disabled}
            onClick={() => setRejecting(true)}
          >
            驳回
          </Button>
          <Button
            className="ah-account-button ah-account-button--primary"
            disabled={disabled}
            onClick={() => void approve()}
          >
            通过
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className="ah-review__fact">
      <Text className="ah-review__fact-label">{label}</Text>
      <Text className="ah-review__fact-value">{value}</Text>
    </View>
  );
}
