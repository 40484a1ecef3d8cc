import { ApplicationCreateBody, type ApplicationView, type OrgKind, type z } from '@alliance-hub/types';
import type { FieldErrors } from '../../../utils/field-errors';

/** What the inputs hold: plain strings, blank meaning "not given". */
export interface ApplicationFormValues {
  orgName: string;
  kind: OrgKind | null;
  province: string;
  city: string;
  creditCode: string;
  intro: string;
  name: string;
  title: string;
  mobile: string;
  email: string;
  message: string;
}

export const EMPTY_FORM: ApplicationFormValues = {
  orgName: '',
  kind: null,
  province: '',
  city: '',
  creditCode: '',
  intro: '',
  name: '',
  title: '',
  mobile: '',
  email: '',
  message: '',
};

/** Field path as the schema (and the server's error details) name it → label shown on the form. */
export const FIELD_LABELS: Record<string, string> = {
  'organization.name': '单位名称',
  'organization.kind': '单位类型',
  'organization.province': '所在省份',
  'organization.city': '所在城市',
  'organization.creditCode': '统一社会信用代码',
  'organization.intro': '单位简介',
  'applicant.name': '姓名',
  'applicant.title': '职务',
  'applicant.mobile': '手机号码',
  'applicant.email': '邮箱',
  message: '留言',
};

const optional = (value: string): string | undefined => (value.trim() ? value : undefined);

export function toCreateBody(form: ApplicationFormValues): ApplicationCreateBody {
  return {
    organization: {
      name: form.orgName,
      // An unset kind is sent as '' so the schema reports it at organization.kind.
      kind: (form.kind ?? '') as OrgKind,
      province: form.province,
      city: form.city,
      creditCode: optional(form.creditCode),
      intro: optional(form.intro),
    },
    applicant: {
      name: form.name,
      title: form.title,
      mobile: form.mobile,
      email: optional(form.email),
    },
    message: optional(form.message),
  };
}

/**
 * Validates with the same schema the server parses with. zod's generic Chinese messages
 * ("数值过小：期望 string >=1 字符") are rephrased for people; the schema's own messages
 * (mobile, e-mail, credit code) are kept.
 */
export function validateApplication(
  form: ApplicationFormValues,
): { ok: true; body: ApplicationCreateBody } | { ok: false; errors: FieldErrors } {
  const body = toCreateBody(form);
  const parsed = ApplicationCreateBody.safeParse(body);
  if (parsed.success) return { ok: true, body };
  return { ok: false, errors: friendlyErrors(parsed.error, body) };
}

function valueAt(body: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    body,
  );
}

function friendlyErrors(error: z.ZodError, body: ApplicationCreateBody): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    if (out[key]) continue;
    const label = FIELD_LABELS[key] ?? '此项';
    if (key === 'organization.kind') out[key] = '请选择单位类型';
    else if (issue.code === 'too_small') {
      const value = valueAt(body, issue.path);
      const blank = typeof value !== 'string' || value.trim() === '';
      out[key] = blank ? `请填写${label}` : `${label}至少 ${String(issue.minimum)} 个字`;
    } else if (issue.code === 'too_big') out[key] = `${label}最多 ${String(issue.maximum)} 个字`;
    else out[key] = issue.message;
  }
  return out;
}

/** 重新申请: start from what was sent last time, so only what was wrong needs changing. */
export function formFromApplication(application: ApplicationView): ApplicationFormValues {
  const { organization: org, applicant } = application;
  return {
    orgName: org.name,
    kind: org.kind,
    province: org.province,
    city: org.city,
    creditCode: org.creditCode ?? '',
    intro: org.intro ?? '',
    name: applicant.name,
    title: applicant.title,
    mobile: applicant.mobile,
    email: applicant.email ?? '',
    message: application.message ?? '',
  };
}
