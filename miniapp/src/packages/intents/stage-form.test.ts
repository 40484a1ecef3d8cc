import {
  asksForContract,
  checkStageForm,
  contractFromForm,
  emptyStageForm,
  isBackdated,
  registrationHint,
  stageBodyFromForm,
} from './stage-form';

// 2025-06-10 10:00 in Shanghai.
const NOW = new Date('2025-06-10T02:00:00.000Z');
const NEGOTIATING = { version: 4, amount: null };
const SIGNED = { version: 7, amount: 120 };

describe('stage form', () => {
  it('should send only the version, the stage and the note when moving today', () => {
    const form = { ...emptyStageForm('negotiating', NOW), note: ' 双方约定下周谈价格 ' };
    expect(stageBodyFromForm(form, NEGOTIATING, NOW)).toEqual({
      version: 4,
      to: 'negotiating',
      note: '双方约定下周谈价格',
    });
  });

  it('should send the picked day at Shanghai noon when the move is back-dated', () => {
    const form = { ...emptyStageForm('intent', NOW), date: '2024-12-31' };
    expect(isBackdated(form.date, NOW)).toBe(true);
    // Noon in Shanghai keeps the entry in 2024 for the yearly statistics.
    expect(stageBodyFromForm(form, NEGOTIATING, NOW).at).toBe('2024-12-31T04:00:00.000Z');
  });

  it('should refuse 未成 without a reason and a note, naming both fields', () => {
    const check = checkStageForm(emptyStageForm('lost', NOW), NEGOTIATING, NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.errors.lostReason).toBe('请选择未成原因');
      expect(check.errors.lostNote).toBe('请简要说明未成的经过');
    }
  });

  it('should send status lost with the reason and note when both are given', () => {
    const form = {
      ...emptyStageForm('lost', NOW),
      lostReason: 'no_budget' as const,
      lostNote: '企业预算冻结',
    };
    const check = checkStageForm(form, NEGOTIATING, NOW);
    expect(check).toEqual({
      ok: true,
      body: { version: 4, status: 'lost', lostReason: 'no_budget', lostNote: '企业预算冻结' },
    });
  });

  it('should ask for the contract when moving to 签约 without one stored, and not when it exists', () => {
    expect(asksForContract('signed', NEGOTIATING)).toBe(true);
    expect(asksForContract('executing', SIGNED)).toBe(false);
    expect(asksForContract('negotiating', NEGOTIATING)).toBe(false);
    expect(asksForContract('on_hold', NEGOTIATING)).toBe(false);
  });

  it('should name the contract fields when moving to 签约 with an empty contract', () => {
    const check = checkStageForm(emptyStageForm('signed', NOW), NEGOTIATING, NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.errors['contract.type']).toBe('请选择合同类型');
      expect(check.errors['contract.amount']).toBeTruthy();
    }
  });

  it('should refuse a 技术交易额 above the 成交额', () => {
    const form = emptyStageForm('signed', NOW);
    form.contract = { ...form.contract, type: 'transfer', amount: '100', techAmount: '150' };
    const check = checkStageForm(form, NEGOTIATING, NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors['contract.techAmount']).toBe('技术交易额不能大于成交额');
  });

  it('should turn the typed contract into numbers and a signing instant', () => {
    const form = emptyStageForm('signed', NOW).contract;
    const contract = contractFromForm({
      ...form,
      type: 'license',
      amount: '120.5',
      techAmount: '100',
      termMonths: '24',
      registrationNo: ' 2025230104000123 ',
    });
    expect(contract).toEqual({
      type: 'license',
      amount: 120.5,
      techAmount: 100,
      signedAt: '2025-06-10T04:00:00.000Z',
      termMonths: 24,
      registrationNo: '2025230104000123',
    });
  });

  it('should warn about an unusual registration number but not a usual one', () => {
    expect(registrationHint('2025230104000123')).toBeNull();
    expect(registrationHint('黑技登-123')).toMatch(/请核对/);
    expect(registrationHint('')).toBeNull();
  });
});
