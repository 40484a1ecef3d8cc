import type { OrgDetailView, OrgSummaryView, PersonDetailView, PersonSummaryView } from '@alliance-hub/types';

/** Directory view factories; they belong in test/factories.ts once that file is free to edit. */

let seq = 0;
const nextId = () => (++seq).toString(16).padStart(24, '0');

export function orgSummary(overrides: Partial<OrgSummaryView> = {}): OrgSummaryView {
  return {
    id: nextId(),
    name: '大庆华科新材料有限公司',
    aliases: [],
    kind: 'enterprise',
    region: { province: '黑龙江省', city: '大庆市' },
    fields: ['polymer_materials'],
    allianceRole: 'member',
    summary: '对位芳纶纤维国产化中试放大',
    ...overrides,
  };
}

export function personSummary(overrides: Partial<PersonSummaryView> = {}): PersonSummaryView {
  return {
    id: nextId(),
    name: '王立群',
    title: '教授',
    organization: { id: 'a'.repeat(24), name: '哈尔滨工业大学', kind: 'university' },
    expertise: ['轻合金', '焊接'],
    ...overrides,
  };
}

export function orgDetail(overrides: Partial<OrgDetailView> = {}): OrgDetailView {
  return {
    ...orgSummary(),
    membership: { status: 'active', joinedAt: '2024-03-01T00:00:00.000Z' },
    intro: null,
    capabilities: null,
    needs: '对位芳纶纤维国产化中试放大',
    keywords: [],
    people: [personSummary({ name: '周晓燕', title: '研发部经理', expertise: ['芳纶'] })],
    canEdit: false,
    ...overrides,
  };
}

export function personDetail(overrides: Partial<PersonDetailView> = {}): PersonDetailView {
  return {
    ...personSummary(),
    contacts: null,
    contactsHidden: true,
    canEdit: false,
    hasAccount: true,
    ...overrides,
  };
}
