import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { CONTRACT_TYPE_LABELS, ContractInput, needsContract, type IntentView } from '@alliance-hub/types';
import { updateIntent } from '../../../services/intents';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../../utils/field-errors';
import { ContractFields } from '../components/contract-fields';
import { conflictCurrent, dayText, errorText, wanText } from '../intent-format';
import { contractFormOf, contractFromForm, type ContractForm } from '../stage-form';

/** 合同: what was signed; staff fill it in or correct it (with the version shown). */
export function ContractCard({
  intent,
  onSaved,
  onConflict,
}: {
  intent: IntentView;
  onSaved: (next: IntentView) => void;
  onConflict: (theirs: IntentView) => void;
}) {
  const [form, setForm] = useState<ContractForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const contract = intent.contract;

  const save = async () => {
    if (!form) return;
    const body = contractFromForm(form);
    const parsed = ContractInput.safeParse(body);
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(
          Object.entries(zodFieldErrors(parsed.error)).map(([k, v]) => [`contract.${k}`, v]),
        ),
      );
      setBanner('请检查标红的项目');
      return;
    }
    setBusy(true);
    try {
      onSaved(await updateIntent(intent.id, { version: intent.version, contract: body }));
      setForm(null);
      setBanner(null);
    } catch (failure) {
      const theirs = conflictCurrent<IntentView>(failure);
      if (theirs) {
        setForm(null);
        onConflict(theirs);
        return;
      }
      setErrors(serverFieldErrors(failure));
      setBanner(errorText(failure, '保存失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  if (form) {
    return (
      <View className="ah-card ah-intent-detail__contract">
        <Text className="ah-card__title">合同信息</Text>
        <ContractFields
          value={form}
          onChange={(next) => {
            setForm(next);
            setErrors({});
            setBanner(null);
          }}
          errors={errors}
        />
        {banner ? (
          <View className="ah-intents__error" role="alert">
            <Text>{banner}</Text>
          </View>
        ) : null}
        <View className="ah-intents__actions">
          <Button className="ah-intents__button" onClick={() => setForm(null)}>
            取消
          </Button>
          <Button
            className="ah-intents__button ah-intents__button--primary ah-intent-detail__contract-save"
            disabled={busy || undefined}
            loading={busy || undefined}
            onClick={() => void save()}
          >
            保存合同
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="ah-card ah-intent-detail__contract" data-section="contract">
      <Text className="ah-card__title">合同</Text>
      {contract ? (
        <View className="ah-intent-detail__facts">
          <Fact label="合同类型" value={CONTRACT_TYPE_LABELS[contract.type]} />
          <Fact label="成交额" value={wanText(contract.amount)} />
          <Fact label="技术交易额" value={wanText(contract.techAmount)} />
          <Fact label="签订日期" value={dayText(contract.signedAt)} />
          <Fact label="期限" value={contract.termMonths ? `${contract.termMonths} 个月` : '—'} />
          <Fact label="登记号" value={contract.registrationNo ?? '未登记'} />
        </View>
      ) : (
        <Text className="ah-intents__muted">
          {needsContract(intent.stage) ? '还没有填写合同信息' : '尚未签约：进入签约阶段时填写合同'}
        </Text>
      )}
      {/* The number's format is the staff's to check with the parties. */}
      {intent.canEdit && contract?.registrationNoWarning ? (
        <View className="ah-intents__warning" role="note">
          <Text>⚠ {contract.registrationNoWarning}</Text>
        </View>
      ) : null}
      {intent.canEdit && (contract || needsContract(intent.stage)) ? (
        <Button
          className="ah-intents__button ah-intents__button--small"
          onClick={() => setForm(contractFormOf(contract))}
        >
          {contract ? '修改合同' : '填写合同'}
        </Button>
      ) : null}
    </View>
  );
}

export function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className="ah-intent-detail__fact">
      <Text className="ah-intent-detail__fact-label">{label}</Text>
      <Text className="ah-intent-detail__fact-value">{value}</Text>
    </View>
  );
}
