import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { taroResponse } from '../../../../test/factories';
import { routerParams } from '../../../../test/mocks/taro';
import { setSession } from '../../../stores/session-store';
import { intentView } from '../test-support/intent-factories';
import IntentDetailPage from './index';

const taroRequest = Taro.request as unknown as jest.Mock;
type Call = { url: string; method: string; data?: Record<string, unknown> };
const ID = 'd'.repeat(24);

function signInMember() {
  setSession({
    status: 'signed-in',
    user: {
      id: 'e'.repeat(24),
      displayName: '周晓燕',
      role: 'member',
      status: 'active',
      person: null,
      organization: { id: 'org-dq', name: '大庆华科新材料有限公司', kind: 'enterprise' },
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  });
}

function serve(intent: ReturnType<typeof intentView>, reported: ReturnType<typeof intentView>) {
  const calls: Call[] = [];
  taroRequest.mockImplementation((call: Call) => {
    calls.push(call);
    const path = new URL(call.url, 'http://x').pathname;
    if (path === `/api/v1/intents/${ID}`) return Promise.resolve(taroResponse(200, intent));
    if (path === `/api/v1/intents/${ID}/report-signed`) return Promise.resolve(taroResponse(200, reported));
    if (path === `/api/v1/intents/${ID}/chain`)
      return Promise.resolve(taroResponse(200, { rootId: ID, currentId: ID, nodes: [] }));
    if (path === '/api/v1/interactions')
      return Promise.resolve(taroResponse(200, { items: [], nextCursor: null }));
    return Promise.resolve(taroResponse(200, { items: [] }));
  });
  return calls;
}

describe('合作意向 page (packages/intents/detail)', () => {
  beforeEach(() => {
    routerParams.id = ID;
    signInMember();
  });
  afterEach(() => {
    delete routerParams.id;
  });

  it('should let a party member report 我们已签约 and show it waits for staff, without staff controls', async () => {
    const member = intentView({ id: ID, topic: '芳纶纤维表面改性', canEdit: false, canReportSigned: true });
    const reported = intentView({
      ...member,
      canReportSigned: false,
      memberReportedSigned: true,
      memberReport: {
        reportedAt: '2026-12-01T02:00:00.000Z',
        reportedBy: { id: 'e'.repeat(24), displayName: '周晓燕' },
        signedAt: null,
        note: null,
      },
    });
    const calls = serve(member, reported);
    render(<IntentDetailPage />);
    await screen.findByText('芳纶纤维表面改性');
    expect(screen.queryByText('变更阶段')).toBeNull();
    expect(screen.queryByText('编辑')).toBeNull();
    fireEvent.click(screen.getByText('我们已签约'));
    await screen.findByText(/等待联盟工作人员确认/);
    expect(Taro.showModal).toHaveBeenCalled();
    expect(calls.some((c) => c.url.endsWith('/report-signed') && c.method === 'POST')).toBe(true);
    await waitFor(() => expect(screen.queryByText('我们已签约')).toBeNull());
  });
});
