import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse, sentMethod } from '../../../../test/factories';
import { setSession } from '../../../stores/session-store';
import { personDetail } from '../test-support/directory-factories';
import { router } from '../test-support/taro-doubles';
import PersonEditPage from './index';

jest.mock('@tarojs/taro', () => jest.requireActual('../test-support/taro-doubles').taroDouble());
jest.mock('@tarojs/components', () => jest.requireActual('../test-support/taro-doubles').componentsDouble());

const taroRequest = Taro.request as unknown as jest.Mock;
const PERSON_ID = 'd'.repeat(24);
const mine = personDetail({
  id: PERSON_ID,
  name: '周晓燕',
  contacts: { mobile: '13900000002', email: null, wechatId: null },
  contactsHidden: false,
  canEdit: true,
});

const patchCalls = () => taroRequest.mock.calls.filter((call) => sentMethod(call[0]) === 'PATCH');

describe('编辑个人信息 (packages/directory/person-edit)', () => {
  beforeEach(() => {
    router.params = { id: PERSON_ID };
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

  it('should show the mobile message at the mobile field without calling the server when it is malformed', async () => {
    taroRequest.mockResolvedValue(taroResponse(200, mine));
    render(<PersonEditPage />);
    fireEvent.change(await screen.findByLabelText('手机'), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    const message = await screen.findByText('请输入 11 位手机号码');
    expect(message.closest('.ah-form-field')).toHaveTextContent('手机');
    expect(patchCalls()).toHaveLength(0);
  });

  it("should put the server's message on the WeChat ID field when the server rejects it", async () => {
    taroRequest.mockImplementation(async (option: { method: string; header?: Record<string, string> }) =>
      sentMethod(option) === 'PATCH'
        ? taroResponse(
            400,
            apiErrorBody('VALIDATION_FAILED', '请求内容有误', [
              { path: 'body.wechatId', message: '该微信号已被占用' },
            ]),
          )
        : taroResponse(200, mine),
    );
    render(<PersonEditPage />);
    fireEvent.change(await screen.findByLabelText('微信号'), { target: { value: 'zhouxy2024' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    const message = await screen.findByText('该微信号已被占用');
    expect(message.closest('.ah-form-field')).toHaveTextContent('微信号');
  });

  it('should clear a contact field with null and send only what changed', async () => {
    taroRequest.mockImplementation(async (option: { method: string; header?: Record<string, string> }) =>
      sentMethod(option) === 'PATCH' ? taroResponse(200, mine) : taroResponse(200, mine),
    );
    render(<PersonEditPage />);
    fireEvent.change(await screen.findByLabelText('手机'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('专长领域'), { target: { value: '轻合金，焊接、芳纶' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled());
    expect(patchCalls()[0][0].data).toEqual({ mobile: null, expertise: ['轻合金', '焊接', '芳纶'] });
  });

  describe('limits, stale errors and scrolling', () => {
    const scrollIntoView = jest.fn();
    beforeEach(() => {
      Object.defineProperty(HTMLElement.prototype, 'scrollIntoView', {
        value: scrollIntoView,
        configurable: true,
      });
    });

    it('should let a long name be typed and say the limit with the count at the field when it is over', async () => {
      taroRequest.mockResolvedValue(taroResponse(200, mine));
      render(<PersonEditPage />);
      const name = await screen.findByLabelText('姓名');
      expect(name).not.toHaveAttribute('maxlength');
      fireEvent.change(name, { target: { value: '周'.repeat(43) } });

      const message = screen.getByText('最多 40 个字（已输入 43 个）');
      expect(message.closest('.ah-form-field')).toHaveTextContent('姓名');
      fireEvent.click(screen.getByRole('button', { name: '保存' }));
      await screen.findByText('请检查标红的项目');
      expect(patchCalls()).toHaveLength(0);
    });

    it('should scroll the first marked field into view when a save is refused', async () => {
      taroRequest.mockResolvedValue(taroResponse(200, mine));
      render(<PersonEditPage />);
      fireEvent.change(await screen.findByLabelText('手机'), { target: { value: '12345' } });
      fireEvent.click(screen.getByRole('button', { name: '保存' }));

      await screen.findByText('请输入 11 位手机号码');
      await waitFor(() => expect(scrollIntoView).toHaveBeenCalled());
      const target = scrollIntoView.mock.contexts[0] as HTMLElement;
      expect(target).toHaveClass('ah-form-field--invalid');
      expect(target).toHaveTextContent('手机');
    });

    it('should drop the field error and the banner as soon as the field is fixed', async () => {
      taroRequest.mockResolvedValue(taroResponse(200, mine));
      render(<PersonEditPage />);
      const mobile = await screen.findByLabelText('手机');
      fireEvent.change(mobile, { target: { value: '12345' } });
      fireEvent.click(screen.getByRole('button', { name: '保存' }));
      await screen.findByText('请输入 11 位手机号码');

      fireEvent.change(mobile, { target: { value: '13900000003' } });
      expect(screen.queryByText('请输入 11 位手机号码')).toBeNull();
      expect(screen.queryByText('请检查标红的项目')).toBeNull();
    });

    it('should accept a mobile typed with +86 in a text field (not a number field)', async () => {
      taroRequest.mockResolvedValue(taroResponse(200, mine));
      render(<PersonEditPage />);
      const mobile = await screen.findByLabelText('手机');
      expect(mobile).toHaveAttribute('type', 'text');
      fireEvent.change(mobile, { target: { value: '+86 139 0000 0003' } });
      fireEvent.click(screen.getByRole('button', { name: '保存' }));

      await waitFor(() => expect(patchCalls()).toHaveLength(1));
      expect(patchCalls()[0][0].data).toEqual({ mobile: '13900000003' });
    });
  });
});
