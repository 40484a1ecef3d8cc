import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MeView } from '@alliance-hub/types';
import { apiErrorBody, taroResponse, sentMethod } from '../../../../test/factories';
import { resetFieldsCache } from '../../../services/directory';
import { setSession } from '../../../stores/session-store';
import { orgDetail } from '../test-support/directory-factories';
import { router } from '../test-support/taro-doubles';
import OrgEditPage from './index';

jest.mock('@tarojs/taro', () => jest.requireActual('../test-support/taro-doubles').taroDouble());
jest.mock('@tarojs/components', () => jest.requireActual('../test-support/taro-doubles').componentsDouble());

const taroRequest = Taro.request as unknown as jest.Mock;
const ORG_ID = 'c'.repeat(24);

function signIn(role: MeView['role']) {
  setSession({
    status: 'signed-in',
    user: {
      id: 'u1',
      displayName: '周晓燕',
      role,
      status: 'active',
      person: null,
      organization: null,
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  });
}

/** GET answers with the profile; PATCH with `patchAnswer`. */
function serve(patchAnswer: ReturnType<typeof taroResponse>) {
  taroRequest.mockImplementation(
    async (option: { url: string; method: string; header?: Record<string, string> }) => {
      const { url } = option;
      const method = sentMethod(option);
      if (url.includes('/fields'))
        return taroResponse(200, { items: [{ code: 'chemicals', label: '化工', builtIn: true }] });
      if (method === 'PATCH') return patchAnswer;
      return taroResponse(200, orgDetail({ id: ORG_ID, canEdit: true }));
    },
  );
}

const patchCalls = () => taroRequest.mock.calls.filter((call) => sentMethod(call[0]) === 'PATCH');

describe('编辑单位 (packages/directory/org-edit)', () => {
  beforeEach(() => {
    resetFieldsCache();
    router.params = { id: ORG_ID };
  });

  it("should show the server's message at the field it names when the server says 400", async () => {
    signIn('member');
    serve(
      taroResponse(
        400,
        apiErrorBody('VALIDATION_FAILED', '请求内容有误', [
          { path: 'body.capabilities', message: '技术优势中含有不允许的内容' },
        ]),
      ),
    );
    render(<OrgEditPage />);
    fireEvent.change(await screen.findByLabelText('技术优势与储备'), { target: { value: '间位芳纶' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    const message = await screen.findByText('技术优势中含有不允许的内容');
    expect(message.closest('.ah-form-field')).toHaveTextContent('技术优势与储备');
    expect(screen.getByRole('alert')).toHaveTextContent('请检查标红的项目');
    expect(patchCalls()[0][0].data).toEqual({ capabilities: '间位芳纶' });
    expect(Taro.navigateBack).not.toHaveBeenCalled();
  });

  it('should show the schema message at the field without calling the server when the text is too long', async () => {
    signIn('member');
    serve(taroResponse(200, orgDetail({ id: ORG_ID, canEdit: true })));
    render(<OrgEditPage />);
    fireEvent.change(await screen.findByLabelText('技术优势与储备'), {
      target: { value: '芳'.repeat(2001) },
    });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    const field = (await screen.findByText(/2000/, { selector: '.ah-form-field__error' })).closest(
      '.ah-form-field',
    );
    expect(field).toHaveTextContent('技术优势与储备');
    expect(patchCalls()).toHaveLength(0);
  });

  it('should show name, kind and alliance role read-only to a member and never send them', async () => {
    signIn('member');
    serve(taroResponse(200, orgDetail({ id: ORG_ID, canEdit: true })));
    render(<OrgEditPage />);
    await screen.findByLabelText('技术优势与储备');

    expect(screen.queryByLabelText('单位名称')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('单位类型')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('联盟职务')).not.toBeInTheDocument();
    expect(screen.getAllByText('由秘书处维护，如需修改请联系秘书处')).toHaveLength(3);

    fireEvent.click(screen.getByRole('checkbox', { name: '化工' }));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled());
    expect(patchCalls()[0][0].data).toEqual({ fields: ['polymer_materials', 'chemicals'] });
  });

  it('should let a coordinator change the alliance role', async () => {
    signIn('coordinator');
    serve(taroResponse(200, orgDetail({ id: ORG_ID, canEdit: true })));
    render(<OrgEditPage />);
    fireEvent.change(await screen.findByLabelText('联盟职务'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(patchCalls()).toHaveLength(1));
    expect(patchCalls()[0][0].data).toEqual({ allianceRole: 'director' });
  });

  it("should show the server's 403 message in the banner when the server refuses", async () => {
    signIn('member');
    serve(taroResponse(403, apiErrorBody('FORBIDDEN', '只能编辑本单位的信息')));
    render(<OrgEditPage />);
    fireEvent.change(await screen.findByLabelText('技术需求'), { target: { value: '芳纶纸' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('只能编辑本单位的信息');
  });
});
