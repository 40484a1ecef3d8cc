import {
  checkIntentForm,
  checkUpdateForm,
  createBodyFromForm,
  emptyIntentForm,
  formFromIntent,
  fromOf,
  partiesFromParam,
  updateBodyFromForm,
} from './intent-form';
import { intentView } from './test-support/intent-factories';

const NOW = new Date('2025-06-10T02:00:00.000Z');
const HIT = '65f000000000000000000001';
const DQ = '65f000000000000000000002';
const SELECTION = '65f0000000000000000000aa';

describe('intent create form', () => {
  it('should read prefilled parties with their roles and skip malformed or repeated ones', () => {
    expect(
      partiesFromParam(`${HIT}:supply:哈尔滨工业大学|${DQ}:demand:大庆华科|bad|${HIT}:demand:x|${DQ}:boss:y`),
    ).toEqual([
      { id: HIT, role: 'supply', name: '哈尔滨工业大学', people: [] },
      { id: DQ, role: 'demand', name: '大庆华科', people: [] },
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

  it('should send the people picked for each party as its personIds', () => {
    const prefill = { topic: '激光熔覆修复', parties: `${HIT}:supply:哈工大|${DQ}:demand:大庆华科` };
    const form = emptyIntentForm(prefill, NOW);
    form.parties[0].people = [{ id: SELECTION, name: '王立群' }];
    expect(createBodyFromForm(form, prefill, 'client-0002', NOW).parties).toEqual([
      { organizationId: HIT, role: 'supply', personIds: [SELECTION] },
      { organizationId: DQ, role: 'demand', personIds: [] },
    ]);
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

describe('intent edit form', () => {
  const stored = intentView({
    version: 6,
    topic: '石墨提纯',
    parties: [
      {
        organization: { id: HIT, name: '哈工大' },
        role: 'supply',
        people: [{ id: SELECTION, name: '王立群' }],
      },
    ],
  });

  it('should send only the changed fields with the version it was loaded at, keeping named people', () => {
    const form = formFromIntent(stored, NOW);
    const edited = {
      ...form,
      topic: '高纯石墨提纯',
      parties: [
        ...form.parties.map((p) => ({ ...p, role: 'broker' as const })),
        { id: DQ, name: '大庆华科', role: 'demand' as const, people: [] },
      ],
    };
    expect(updateBodyFromForm(edited, stored)).toEqual({
      version: 6,
      topic: '高纯石墨提纯',
      parties: [
        { organizationId: HIT, role: 'broker', personIds: [SELECTION] },
        { organizationId: DQ, role: 'demand', personIds: [] },
      ],
    });
  });

  it('should send every party with its people when a person is added to or taken off a party', () => {
    const form = formFromIntent(stored, NOW);
    expect(form.parties[0].people).toEqual([{ id: SELECTION, name: '王立群' }]);
    const added = {
      ...form,
      parties: [{ ...form.parties[0], people: [...form.parties[0].people, { id: DQ, name: '李工' }] }],
    };
    expect(updateBodyFromForm(added, stored)).toEqual({
      version: 6,
      parties: [{ organizationId: HIT, role: 'supply', personIds: [SELECTION, DQ] }],
    });
    const removed = { ...form, parties: [{ ...form.parties[0], people: [] }] };
    expect(updateBodyFromForm(removed, stored).parties).toEqual([
      { organizationId: HIT, role: 'supply', personIds: [] },
    ]);
  });

  it('should say nothing changed rather than send an empty edit', () => {
    expect(checkUpdateForm(formFromIntent(stored, NOW), stored)).toEqual({
      ok: false,
      errors: {},
      unchanged: true,
    });
  });

  it('should clear the description with null when it is emptied', () => {
    const withText = intentView({ ...stored, description: '旧描述' });
    expect(updateBodyFromForm({ ...formFromIntent(withText, NOW), description: ' ' }, withText)).toEqual({
      version: 6,
      description: null,
    });
  });
});
