import type { AuditEntityKind } from '../../../services/audit';

export const AUDIT_ENTITY_LABELS: Record<AuditEntityKind, string> = {
  user: '用户',
  application: '入会申请',
  organization: '单位',
  person: '专家',
  achievement: '成果',
  demand: '需求',
  selection: '点菜',
  interest: '意向登记',
  interaction: '互动记录',
  task: '跟进',
  target: '年度目标',
  intent: '合作意向',
  synonym: '同义词',
};

const VERBS: Record<string, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  approve: '通过',
  reject: '驳回',
  withdraw: '撤回',
  link: '关联',
  handle: '处理',
  webLogin: '扫码登录网页版',
};

/** "organization.update" → "修改 单位"; unknown verbs keep their code so nothing is hidden. */
export function describeAction(action: string, entity: AuditEntityKind): string {
  const verb = action.split('.').slice(1).join('.');
  const label = VERBS[verb];
  if (verb === 'webLogin') return label;
  return label ? `${label}${AUDIT_ENTITY_LABELS[entity]}` : action;
}

/** Which fields a change touched, from before/after snapshots. */
export function changedFields(before: unknown, after: unknown): string[] {
  const keys = new Set<string>();
  const asRecord = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const b = asRecord(before);
  const a = asRecord(after);
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) keys.add(key);
  }
  return [...keys];
}
