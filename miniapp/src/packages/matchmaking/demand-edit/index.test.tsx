import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse, sentMethod } from '../../../../test/factories';
import { resetFieldsCache } from '../../../services/directory';
import { demandDetail } from '../test-support/publication-factories';
import { DemandEditForm } from './index';

jest.mock('@tarojs/taro', () => jest.requireActual('../test-support/taro-doubles').taroDouble());
jest.mock('@tarojs/components', () => jest.requireActual('../test-support/taro-doubles').componentsDouble());

const taroRequest = Taro.request as unknown as jest.Mock;
const OWNER = { id: 'e'.repeat(24), name: '东北轻合金有限责任公司' };

/** The taxonomy and the owner's people answer; everything else goes to `write`. */
function serve(write: (call: { url: string; method?: string; data?: unknown }) => unknown) {
  taroRequest.mockImplementation(async (call: { url: string; method?: string; data?: unknown }) => {
    if (call.url.includes('/api/v1/fields'))
      return taroResponse(200, { items: [{ code: 'superalloys', label: '高温合金', builtIn: true }] });
    if (call.url.includes('/api/v1/people')) return taroResponse(200, { items: [], nextCursor: null });
    return write(call);
  });
}
const writes = () =>
  taroRequest.mock.calls
    .map((c) => c[0] as { url: string; method?: string; header?: Record<string, string>; data?: unknown })
    .filter((c) => c.method === 'POST');

async function fillRequired() {
  fireEvent.change(screen.getByLabelText('需求名称'), { target: { value: '高温合金叶片精密铸造缺陷控制' } });
  fireEvent.change(screen.getByLabelText('需求描述'), { target: { value: '叶片缩松缺陷率偏高。' } });
  fireEvent.click(await screen.findByRole('checkbox', { name: '高温合金' }));
  fireEvent.click(screen.getByRole('checkbox', { name: '联合攻关' }));
}

describe('发布需求 (packages/matchmaking/demand-edit)', () => {
  beforeEach(() => resetFieldsCache());

  it('should show the shared schema messages at their fields and send nothing when required fields are empty', async () => {
    serve(() => {
      throw new Error('no write expected');
    });
    render(<DemandEditForm item={null} isStaff={false} defaultOwner={OWNER} />);
    fireEvent.click(screen.getByRole('button', { name: '提交审核' }));
    expect(await screen.findByText('请检查标红的项目')).toBeInTheDocument();
    expect(screen.getByText('请至少选择 1 个领域')).toBeInTheDocument();
    expect(screen.getByText('请至少选择 1 种合作方式')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
  });

  it('should refuse a budget minimum above the maximum on the client when both are typed', async () => {
    serve(() => {
      throw new Error('no write expected');
    });
    render(<DemandEditForm item={null} isStaff={false} defaultOwner={OWNER} />);
    await fillRequired();
    fireEvent.change(screen.getByLabelText('预算下限'), { target: { value: '200' } });
    fireEvent.change(screen.getByLabelText('预算上限'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    expect(await screen.findByText('预算下限不能高于上限')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
  });

  it('should show the server message at its field when the server refuses the demand', async () => {
    serve(() =>
      taroResponse(
        400,
        apiErrorBody('VALIDATION_FAILED', '请求内容有误', [{ path: 'body.fields.0', message: '未知的领域' }]),
      ),
    );
    render(<DemandEditForm item={null} isStaff={false} defaultOwner={OWNER} />);
    await fillRequired();
    fireEvent.click(screen.getByRole('button', { name: '保存草稿' }));
    expect(await screen.findByText('未知的领域')).toBeInTheDocument();
    expect(screen.getByText('请检查标红的项目')).toBeInTheDocument();
    expect(writes()[0].data).toMatchObject({
      title: '高温合金叶片精密铸造缺陷控制',
      fields: ['superalloys'],
      cooperationModes: ['joint_research'],
      ownerOrgId: OWNER.id,
      visibility: 'members',
    });
  });

  it('should create, submit for review and open the new demand when 提交审核 succeeds', async () => {
    const created = demandDetail({
      status: 'draft',
      permissions: { canEdit: true, canSubmit: true, canReview: false, canArchive: false },
    });
    serve((call) =>
      call.url.endsWith('/submit')
        ? taroResponse(200, { ...created, status: 'pending' })
        : taroResponse(201, created),
    );
    render(<DemandEditForm item={null} isStaff={false} defaultOwner={OWNER} />);
    await fillRequired();
    fireEvent.click(screen.getByRole('button', { name: '提交审核' }));
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled());
    expect(writes().map((c) => c.url)).toEqual(['/api/v1/demands', `/api/v1/demands/${created.id}/submit`]);
    expect(Taro.redirectTo).toHaveBeenCalledWith({
      url: `/packages/matchmaking/detail/index?kind=demand&id=${created.id}`,
    });
  });

  it('should PATCH only the changed progress when editing a published demand', async () => {
    const item = demandDetail({
      permissions: { canEdit: true, canSubmit: false, canReview: false, canArchive: true },
    });
    serve(() => taroResponse(200, { ...item, progress: 'in_talks' }));
    render(<DemandEditForm item={item} isStaff={false} defaultOwner={OWNER} />);
    expect(screen.getByText(/修改标题、描述、领域或关键词后需重新审核/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('进展'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled());
    expect(writes()).toHaveLength(1);
    expect(sentMethod(writes()[0])).toBe('PATCH');
    expect(writes()[0].data).toEqual({ progress: 'in_talks' });
  });
});
