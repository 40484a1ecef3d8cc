import {
  checkIntentForm,
  createBodyFromForm,
  emptyIntentForm,
  fromOf,
  partiesFromParam,
} from './intent-form';

const NOW = new Date('2025-06-10T02:00:00.000Z');
const HIT = '65f000000000000000000001';
const DQ = '65f000000000000000000002';
const SELECTION = '65f0000000000000000000aa';

describe('intent create form', () => {
  it('should read prefilled parties with their roles and skip malformed or repeated ones', () => {
    expect(
      partiesFromParam(`${HIT}:supply:哈尔滨工业大学|${DQ}:demand:大庆华科|bad|${HIT}:demand:x|${DQ}:boss:y`),
    ).toEqual([
      { id: HIT, role: 'supply', name: '哈尔滨工业大学' },
      { id: DQ, role: 'demand', name: '大庆华科' },
    ]);
  });

  it('should record a 点菜 tick as the source when opened from the selections work list', () => {
    expect(fromOf({ from: 'selection', selectionId: SELECTION })).toEqual({
      kind: 'selection',
      selectionId: SELECTION,
    });
    expect(fromOf({ from: 'match', demandId: DQ })).toEqual({ kind: 'manual' });
  });

  it('should build a body the shared schema accepts from a prefilled selection', () => {
    const prefill = {
      from: 'selection' as const,
      selectionId: SELECTION,
      achievementId: HIT,
      topic: '高强铝合金板材',
      parties: `${DQ}:demand:大庆华科`,
    };
    const form = { ...emptyIntentForm(prefill, NOW), note: '年会上勾选' };
    const check = checkIntentForm(form, prefill, 'client-0001', NOW);
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.body).toMatchObject({
        clientId: 'client-0001',
        topic: '高强铝合金板材',
        stage: 'lead',
        note: '年会上勾选',
        from: { kind: 'selection', selectionId: SELECTION },
        parties: [{ organizationId: DQ, role: 'demand', personIds: [] }],
        links: { achievementIds: [HIT] },
      });
      expect(check.body.at).toBeUndefined();
    }
  });

  it('should name the topic and parties when they are missing', () => {
    const check = checkIntentForm(emptyIntentForm({}, NOW), {}, 'client-0001', NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.errors.topic).toBeTruthy();
      expect(check.errors.parties).toBe('请至少添加 1 个参与单位');
    }
  });

  it('should back-date the first stage entry and ask for the contract when entered as signed', () => {
    const form = {
      ...emptyIntentForm({ topic: '历史合作', parties: `${HIT}:supply:哈工大` }, NOW),
      stage: 'signed' as const,
      date: '2024-09-01',
    };
    const body = createBodyFromForm(form, {}, 'client-0001', NOW);
    expect(body.at).toBe('2024-09-01T04:00:00.000Z');
    const check = checkIntentForm(form, {}, 'client-0001', NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors['contract.type']).toBe('请选择合同类型');
  });
});
