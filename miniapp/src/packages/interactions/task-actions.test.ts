import { ApiError } from '../../utils/api-error';
import { conflictCurrent, snoozeChoices, taskDifferences } from './task-actions';
import { task } from './test-support/interaction-factories';

describe('task actions', () => {
  it('should offer tomorrow, the day after and next Monday at 09:00 Shanghai when asked on a Tuesday', () => {
    const tuesday = new Date('2026-12-01T06:00:00.000Z'); // Tue 14:00 in Shanghai
    expect(snoozeChoices(tuesday).map((c) => c.until)).toEqual([
      '2026-12-02T01:00:00.000Z',
      '2026-12-03T01:00:00.000Z',
      '2026-12-07T01:00:00.000Z',
    ]);
  });

  it('should read the other writer task from a 409 and ignore other failures', () => {
    const current = task({ version: 4 });
    expect(
      conflictCurrent(new ApiError({ status: 409, code: 'CONFLICT', message: 'x', details: { current } })),
    ).toBe(current);
    expect(conflictCurrent(new ApiError({ status: 400, code: 'VALIDATION', message: 'x' }))).toBeNull();
  });

  it('should list only the fields the other writer changed when comparing versions', () => {
    const mine = task();
    const theirs = task({
      title: '寄送两份样品',
      owner: { id: 'x'.repeat(24), displayName: '白衬衫·王芳' },
      version: 1,
    });
    expect(taskDifferences(mine, theirs)).toEqual([
      { label: '事项', mine: '寄送样品', theirs: '寄送两份样品' },
      { label: '负责人', mine: '白衬衫·李明', theirs: '白衬衫·王芳' },
    ]);
  });
});
