import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DoorWalkInForm } from './walk-in-form';

function open() {
  const onSubmit = jest.fn(async () => undefined);
  render(<DoorWalkInForm busy={false} onSubmit={onSubmit} onCancel={jest.fn()} />);
  const type = (label: string, value: string) =>
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
  const submit = () => fireEvent.click(screen.getByText('登记并签到'));
  return { onSubmit, type, submit };
}

describe('现场登记 (door walk-in form)', () => {
  it('should register a walk-in whose mobile is typed with +86 and spaces', async () => {
    const { onSubmit, type, submit } = open();
    type('姓名', '赵工');
    type('手机号', '+86 138 0013 8000');
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ mobile: '+86 138 0013 8000' }));
  });

  it('should name the limit instead of cutting when the organization is too long', async () => {
    const { onSubmit, type, submit } = open();
    type('姓名', '赵工');
    type('单位', '材'.repeat(85));
    expect(screen.getByText('单位最多 80 个字（已输入 85 个）')).toBeInTheDocument();
    submit();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
