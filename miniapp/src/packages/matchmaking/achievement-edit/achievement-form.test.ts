import { AchievementCreateBody, AchievementUpdateBody } from '@alliance-hub/types';
import { zodFieldErrors } from '../../../utils/field-errors';
import { achievementDetail } from '../test-support/publication-factories';
import { achievementChanges, achievementCreateBody, achievementFormOf } from './achievement-form';

const OWNER = { id: 'f'.repeat(24), name: '哈尔滨工业大学' };

describe('achievement form', () => {
  it('should name the missing maturity, transfer mode and field when a new form is validated empty', () => {
    const result = AchievementCreateBody.safeParse(achievementCreateBody(achievementFormOf(null, OWNER)));
    expect(result.success).toBe(false);
    const errors = zodFieldErrors(result.error!);
    expect(errors.maturity).toBe('请选择成熟度');
    expect(errors.transferModes).toBe('请至少选择 1 种转化方式');
    expect(errors.fields).toBe('请至少选择 1 个领域');
  });

  it('should refuse a price together with 面议 at the price field', () => {
    const form = {
      ...achievementFormOf(null, OWNER),
      title: '高强韧铝合金板材',
      summary: '铸轧一体化',
      fields: ['light_alloys'],
      maturity: 'pilot' as const,
      transferModes: ['license' as const],
      price: '120',
      priceNegotiable: true,
    };
    const result = AchievementCreateBody.safeParse(achievementCreateBody(form));
    expect(zodFieldErrors(result.error!).priceWan).toBe('选择“面议”时不填写参考价格');
  });

  it('should refuse an over-long title with its limit instead of cutting it', () => {
    const form = { ...achievementFormOf(null, OWNER), title: '铝'.repeat(81) };
    const result = AchievementCreateBody.safeParse(achievementCreateBody(form));
    expect(zodFieldErrors(result.error!).title).toMatch(/80/);
  });

  it('should send only the changed contacts when the rest of a stored achievement is untouched', () => {
    const item = achievementDetail();
    const form = { ...achievementFormOf(item, null), contactPersonIds: ['a'.repeat(24)] };
    const body = achievementChanges(item, form);
    expect(body).toEqual({ contactPersonIds: ['a'.repeat(24)] });
    expect(AchievementUpdateBody.safeParse(body).success).toBe(true);
  });

  it('should send nothing when nothing changed', () => {
    const item = achievementDetail();
    expect(achievementChanges(item, achievementFormOf(item, null))).toEqual({});
  });
});
