/* Test data for the cards screens (jest only; nothing in the app imports this file). */
import type { CardView, ContactView, MeView } from '@alliance-hub/types';

export const TOKEN = 'AbCdEfGhIjKl.MnOpQrStUvWx';

export function cardView(overrides: Partial<CardView> = {}): CardView {
  return {
    personId: '65f000000000000000000001',
    name: '张工',
    title: '总工程师',
    organization: { id: '65f0000000000000000000a1', name: '沈阳精研合金材料有限公司', kind: 'enterprise' },
    offer: '铝合金焊接工艺',
    seeking: '高校合作',
    sharedFields: ['mobile', 'wechatId'],
    contacts: { mobile: '13800000001', email: null, wechatId: 'zhang_gong' },
    ...overrides,
  };
}

export function contactView(overrides: Partial<ContactView> = {}): ContactView {
  return {
    id: '65f0000000000000000000c1',
    card: cardView(),
    exchangedAt: '2025-03-01T01:30:05.000Z',
    event: { id: '65f0000000000000000000e1', title: '2025 年会' },
    note: null,
    via: 'scan',
    ...overrides,
  };
}

export function meView(overrides: Partial<MeView> = {}): MeView {
  return {
    id: '65f0000000000000000000u1',
    displayName: '李老师',
    role: 'member',
    status: 'active',
    person: null,
    organization: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}
