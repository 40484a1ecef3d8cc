import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { taroResponse } from '../../../../test/factories';
import { setSession } from '../../../stores/session-store';
import { personDetail } from '../test-support/directory-factories';
import { router } from '../test-support/taro-doubles';
import PersonPage from './index';

jest.mock('@tarojs/taro', () => jest.requireActual('../test-support/taro-doubles').taroDouble());
jest.mock('@tarojs/components', () => jest.requireActual('../test-support/taro-doubles').componentsDouble());

const taroRequest = Taro.request as unknown as jest.Mock;

describe('专家详情 (packages/directory/person)', () => {
  beforeEach(() => {
    router.params = { id: 'b'.repeat(24) };
    setSession({
      status: 'signed-in',
      user: {
        id: 'u1',
        displayName: '周晓燕',
        role: 'member',
        status: 'active',
        person: null,
        organization: null,
        createdAt: '2025-01-01T00:00:00.000Z',
      },
    });
  });

  it('should say that exchanging cards reveals the contacts when they are hidden', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(200, personDetail({ contacts: null, contactsHidden: true })),
    );
    render(<PersonPage />);

    expect(await screen.findByText('交换名片后可查看联系方式')).toBeInTheDocument();
    expect(screen.getByText('王立群')).toBeInTheDocument();
    expect(screen.getByText('哈尔滨工业大学')).toBeInTheDocument();
    expect(screen.queryByText('手机')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '编辑个人信息' })).not.toBeInTheDocument();
    expect(taroRequest.mock.calls[0][0].url).toMatch(/\/api\/v1\/people\/b{24}$/);
  });

  it('should send a card request from the privacy hint and show it was sent', async () => {
    const person = personDetail({ contacts: null, contactsHidden: true });
    taroRequest.mockResolvedValueOnce(taroResponse(200, person));
    render(<PersonPage />);
    const button = await screen.findByText('索要名片');
    taroRequest.mockResolvedValueOnce(
      taroResponse(201, {
        id: 'c'.repeat(24),
        status: 'pending',
        from: { personId: 'a'.repeat(24), name: '周晓燕', organization: null },
        to: { personId: 'b'.repeat(24), name: '王立群', organization: '哈尔滨工业大学' },
        message: null,
        createdAt: '2026-11-22T00:00:00.000Z',
      }),
    );
    fireEvent.click(button);
    expect(await screen.findByText('已发送名片请求')).toBeInTheDocument();
    // The page also reads the person's timeline: find the card request among the calls.
    const sent = taroRequest.mock.calls.map((args) => args[0]).find((call) => call.method === 'POST');
    expect(sent).toMatchObject({ method: 'POST', data: { personId: person.id } });
    expect(sent.url).toMatch(/\/api\/v1\/cards\/requests$/);
  });

  it('should explain instead of offering 索要名片 when the person has no account', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(200, personDetail({ contacts: null, contactsHidden: true, hasAccount: false })),
    );
    render(<PersonPage />);

    expect(await screen.findByText(/对方还没有开通联盟通账号，暂时无法索要名片/)).toBeInTheDocument();
    expect(screen.queryByText('索要名片')).not.toBeInTheDocument();
  });

  it('should show the contacts, call the mobile and copy the email when they are allowed', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        200,
        personDetail({
          contacts: { mobile: '13900000001', email: 'wang@hit.edu.cn', wechatId: null },
          contactsHidden: false,
          canEdit: true,
        }),
      ),
    );
    render(<PersonPage />);

    fireEvent.click(await screen.findByText('13900000001'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13900000001' });
    fireEvent.click(screen.getByText('wang@hit.edu.cn'));
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'wang@hit.edu.cn' });
    expect(screen.queryByText('微信号')).not.toBeInTheDocument();
    expect(screen.queryByText('交换名片后可查看联系方式')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: '编辑个人信息' })).toBeInTheDocument();
  });

  it('should open the organization when its name is tapped', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, personDetail()));
    render(<PersonPage />);
    fireEvent.click(await screen.findByText('哈尔滨工业大学'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: `/packages/directory/org/index?id=${'a'.repeat(24)}`,
    });
  });
});
