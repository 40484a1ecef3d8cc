import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiErrorBody, taroResponse } from '../../../../test/factories';
import { intentSummary, intentView } from '../test-support/intent-factories';
import { StageSheet } from './stage-sheet';

const taroRequest = Taro.request as unknown as jest.Mock;
type Call = { url: string; method: string; data?: Record<string, unknown> };

function renderSheet(target: 'signed' | 'intent' = 'signed') {
  const onDone = jest.fn();
  const onConflict = jest.fn();
  const intent = intentSummary({ id: 'a'.repeat(24), stage: 'negotiating', version: 4, amount: null });
  render(
    <StageSheet
      intent={intent}
      target={target}
      onDone={onDone}
      onConflict={onConflict}
      onCancel={jest.fn()}
    />,
  );
  return { onDone, onConflict, intent };
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('StageSheet', () => {
  it('should send the contract with the move and report the updated intent when entering 签约', async () => {
    const updated = intentView({ stage: 'signed', amount: 120, version: 5 });
    taroRequest.mockResolvedValueOnce(taroResponse(200, updated));
    const { onDone } = renderSheet('signed');
    fireEvent.click(screen.getByText('技术许可'));
    fireEvent.change(field('成交额（万元）'), { target: { value: '120' } });
    fireEvent.change(field('备注'), { target: { value: '已签字' } });
    fireEvent.click(screen.getByText('确认变更'));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(updated));
    const call = taroRequest.mock.calls[0][0] as Call;
    expect(call.url).toMatch(/\/api\/v1\/intents\/a{24}\/stage$/);
    expect(call.data).toMatchObject({
      version: 4,
      to: 'signed',
      note: '已签字',
      contract: { type: 'license', amount: 120 },
    });
  });

  it('should not call the server and name the field when the contract type is missing', async () => {
    renderSheet('signed');
    fireEvent.change(field('成交额（万元）'), { target: { value: '120' } });
    fireEvent.click(screen.getByText('确认变更'));
    await screen.findByText('请选择合同类型');
    expect(taroRequest).not.toHaveBeenCalled();
  });

  it('should hand the other writer\u2019s intent to the caller when the server answers 409', async () => {
    const theirs = intentView({ stage: 'intent', version: 9 });
    taroRequest.mockResolvedValueOnce(
      taroResponse(409, apiErrorBody('CONFLICT', '已被其他人修改', { current: theirs })),
    );
    const { onConflict, onDone } = renderSheet('intent');
    fireEvent.click(screen.getByText('确认变更'));
    await waitFor(() => expect(onConflict).toHaveBeenCalledWith(theirs));
    expect(onDone).not.toHaveBeenCalled();
  });

  it('should show the server\u2019s message at the field it names', async () => {
    taroRequest.mockResolvedValueOnce(
      taroResponse(
        400,
        apiErrorBody('VALIDATION', '请检查填写的内容', [
          { path: 'body.note', message: '备注含有不允许的字符' },
        ]),
      ),
    );
    renderSheet('intent');
    fireEvent.click(screen.getByText('确认变更'));
    await screen.findByText('备注含有不允许的字符');
    expect(screen.getByRole('alert').textContent).toContain('请检查填写的内容');
  });
});
