import { z } from './zod';

export const ORG_KINDS = [
  'enterprise',
  'university',
  'institute',
  'association',
  'government',
  'investor',
  'other',
] as const;
export const OrgKind = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof OrgKind>;
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  enterprise: '企业',
  university: '高校',
  institute: '科研院所',
  association: '协会/学会',
  government: '政府部门',
  investor: '投资机构',
  other: '其他',
};

export const ALLIANCE_ROLES = ['chair', 'vice_chair', 'director', 'member', 'non_member'] as const;
export const AllianceRole = z.enum(ALLIANCE_ROLES);
export type AllianceRole = z.infer<typeof AllianceRole>;
export const ALLIANCE_ROLE_LABELS: Record<AllianceRole, string> = {
  chair: '理事长单位',
  vice_chair: '副理事长单位',
  director: '理事单位',
  member: '成员单位',
  non_member: '非成员单位',
};

/**
 * The form of an organization's name used to match records: full-width/half-width brackets
 * and spaces are not meaningful differences (哈尔滨工业大学（威海） = 哈尔滨工业大学(威海)).
 */
export function normalizeOrgName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（【［]/g, '(')
    .replace(/[）】］]/g, ')')
    .toLowerCase();
}
