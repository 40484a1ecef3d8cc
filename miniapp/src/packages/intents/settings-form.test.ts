import { intentSettings } from './test-support/intent-factories';
import {
  changedStages,
  checkSettingsForm,
  defaultStaleDaysForm,
  isDefault,
  staleDaysForm,
} from './settings-form';

describe('stale-day settings form', () => {
  it('should send whole numbers with the version loaded when every stage is valid', () => {
    const form = { ...defaultStaleDaysForm(), lead: ' 20 ' };
    expect(checkSettingsForm(form, 3)).toEqual({
      ok: true,
      body: { version: 3, staleDays: { lead: 20, intent: 30, negotiating: 21, signed: 60, executing: 90 } },
    });
  });

  it('should name each wrong stage in plain Chinese when days are empty, zero, fractional or too many', () => {
    const check = checkSettingsForm(
      { lead: '', intent: '0', negotiating: '7.5', signed: '400', executing: '十' },
      0,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toEqual({
      'staleDays.lead': '请输入天数',
      'staleDays.intent': '至少 1 天',
      'staleDays.negotiating': '天数应为整数',
      'staleDays.signed': '最多 365 天',
      'staleDays.executing': '请输入天数',
    });
  });

  it('should list only the stages that differ from the stored settings', () => {
    const saved = intentSettings({
      staleDays: { lead: 10, intent: 30, negotiating: 21, signed: 60, executing: 90 },
    });
    const form = { ...staleDaysForm(saved.staleDays), signed: '45' };
    expect(changedStages(form, saved)).toEqual(['signed']);
    expect(isDefault(form)).toBe(false);
    expect(isDefault(defaultStaleDaysForm())).toBe(true);
  });
});
