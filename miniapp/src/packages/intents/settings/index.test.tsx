import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { IntentSettingsView, Role } from '@alliance-hub/types';
import { apiErrorBody, sentMethod, taroResponse } from '../../../../test/factories';
import { setSession } from '../../../stores/session-store';
import { intentSettings } from '../test-support/intent-factories';
import IntentSettingsPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;
type Call = { url: string; method?: string; header?: Record<string, string>; data?: Record<string, unknown> };

function signInAs(role: Role) {
  setSession({
    status: 'signed-in',
    user: {
      id: 'e'.repeat(24),
      displayName: role === 'secretariat' ? '秘书处·王芳' : '白衬衫·李明',
      role,
      status: 'active',
      person: null,
      organization: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  });
}

/** GET answers `stored` (each in turn, the last repeating); PUT answers what `put` returns. */
function serve(stored: IntentSettingsView[], put: (call: Call) => unknown) {
  const calls: Call[] = [];
  let reads = 0;
  taroRequest.mockImplementation((call: Call) => {
    calls.push(call);
    if (sentMethod(call) === 'PUT') return Promise.resolve(put(call));
    const answer = stored[Math.min(reads, stored.length - 1)];
    reads += 1;
    return Promise.resolve(taroResponse(200, answer));
  });
  return calls;
}

const input = (stage: string) => screen.getByLabelText(`${stage}阶段停滞天数`) as HTMLInputElement;

describe('停滞提醒设置 (packages/intents/settings)', () => {
  it('should refuse an out-of-range day at its stage without calling the server', async () => {
    signInAs('secretariat');
    const calls = serve([intentSettings()], () => taroResponse(500, {}));
    render(<IntentSettingsPage />);
    await waitFor(() => expect(input('线索').value).toBe('14'));
    fireEvent.change(input('线索'), { target: { value: '0' } });
    fireEvent.click(screen.getByText('保存（1 项修改）'));
    await screen.findByText('至少 1 天');
    expect(calls.filter((c) => sentMethod(c) === 'PUT')).toHaveLength(0);
  });

  it('should save the changed days with the version loaded and show the new version', async () => {
    signInAs('secretariat');
    const calls = serve([intentSettings({ version: 2 })], (call) =>
      taroResponse(
        200,
        intentSettings({
          version: 3,
          staleDays: call.data!.staleDays as IntentSettingsView['staleDays'],
          updatedAt: '2026-06-15T02:00:00.000Z',
          updatedBy: { id: 'e'.repeat(24), displayName: '秘书处·王芳' },
        }),
      ),
    );
    render(<IntentSettingsPage />);
    await waitFor(() => expect(input('签约').value).toBe('60'));
    fireEvent.change(input('签约'), { target: { value: '45' } });
    fireEvent.click(screen.getByText('保存（1 项修改）'));
    await screen.findByText('第 3 版 · 秘书处·王芳 保存于 2026-06-15');
    const put = calls.find((c) => sentMethod(c) === 'PUT');
    expect(put?.data).toEqual({
      version: 2,
      staleDays: { lead: 14, intent: 30, negotiating: 21, signed: 45, executing: 90 },
    });
  });

  it('should say who saved first and reload their settings when the save answers 409', async () => {
    signInAs('secretariat');
    const theirs = intentSettings({
      version: 2,
      staleDays: { lead: 7, intent: 30, negotiating: 21, signed: 60, executing: 90 },
      updatedAt: '2026-06-15T02:00:00.000Z',
      updatedBy: { id: 'u2', displayName: '秘书处·赵强' },
    });
    serve([intentSettings({ version: 1, updatedAt: '2026-06-01T02:00:00.000Z' }), theirs], () =>
      taroResponse(409, apiErrorBody('CONFLICT', '停滞天数刚被其他人修改', { current: theirs })),
    );
    render(<IntentSettingsPage />);
    await waitFor(() => expect(input('执行').value).toBe('90'));
    fireEvent.change(input('执行'), { target: { value: '120' } });
    fireEvent.click(screen.getByText('保存（1 项修改）'));
    const alert = await screen.findByText('设置刚被其他人修改，你的修改还没有保存');
    expect(alert.parentElement?.textContent).toContain('秘书处·赵强');
    expect(alert.parentElement?.textContent).toContain('线索 7 天');
    fireEvent.click(screen.getByText('载入最新设置'));
    await waitFor(() => expect(input('线索').value).toBe('7'));
    expect(input('执行').value).toBe('90');
    expect(screen.queryByText('设置刚被其他人修改，你的修改还没有保存')).toBeNull();
  });

  it('should show a coordinator the days read-only with no save button', async () => {
    signInAs('coordinator');
    serve([intentSettings()], () => taroResponse(500, {}));
    render(<IntentSettingsPage />);
    await waitFor(() => expect(screen.getByLabelText('洽谈阶段停滞天数').textContent).toBe('21 天'));
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('停滞天数由秘书处设置，如需调整请联系秘书处。')).toBeTruthy();
    expect(screen.queryByText('保存')).toBeNull();
  });
});
