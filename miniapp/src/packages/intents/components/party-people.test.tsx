import { useState } from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { taroResponse } from '../../../../test/factories';
import type { PartyPerson } from '../intent-form';
import { PartyPeople } from './party-people';

const taroRequest = Taro.request as unknown as jest.Mock;
const ORG = '65f000000000000000000001';

const person = (id: string, name: string, title: string | null = null) => ({
  id,
  name,
  title,
  organization: { id: ORG, name: '哈尔滨工业大学', kind: 'university' },
  expertise: [],
});

function Harness({
  initial = [] as PartyPerson[],
  onChange,
}: {
  initial?: PartyPerson[];
  onChange: jest.Mock;
}) {
  const [value, setValue] = useState(initial);
  return (
    <PartyPeople
      orgId={ORG}
      orgName="哈尔滨工业大学"
      value={value}
      onChange={(next) => {
        onChange(next);
        setValue(next);
      }}
    />
  );
}

describe('PartyPeople (the people of one party)', () => {
  it("should offer only that organization's people and tick them on and off", async () => {
    const urls: string[] = [];
    taroRequest.mockImplementation((call: { url: string }) => {
      urls.push(call.url);
      return Promise.resolve(
        taroResponse(200, {
          items: [person('p1', '王立群', '教授'), person('p2', '赵强')],
          nextCursor: null,
        }),
      );
    });
    const onChange = jest.fn();
    render(<Harness onChange={onChange} />);
    fireEvent.click(await screen.findByText('王立群（教授）'));
    expect(onChange).toHaveBeenLastCalledWith([{ id: 'p1', name: '王立群（教授）' }]);
    expect(screen.getByRole('checkbox', { name: '✓ 王立群（教授）' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    fireEvent.click(screen.getByText('✓ 王立群（教授）'));
    expect(onChange).toHaveBeenLastCalledWith([]);
    expect(new URL(urls[0], 'http://x').searchParams.get('orgId')).toBe(ORG);
    // Few people: no search box.
    expect(screen.queryByLabelText('搜索哈尔滨工业大学的人员')).toBeNull();
  });

  it('should search by name within the organization when it lists more people than fit', async () => {
    const queries: Array<string | null> = [];
    taroRequest.mockImplementation((call: { url: string }) => {
      const q = new URL(call.url, 'http://x').searchParams.get('q');
      queries.push(q);
      return Promise.resolve(
        taroResponse(200, {
          items: q ? [person('p9', '孙磊')] : [person('p1', '王立群')],
          nextCursor: q ? null : 'more',
        }),
      );
    });
    render(<Harness initial={[{ id: 'p1', name: '王立群' }]} onChange={jest.fn()} />);
    fireEvent.change(await screen.findByLabelText('搜索哈尔滨工业大学的人员'), { target: { value: '孙' } });
    await screen.findByText('孙磊');
    expect(queries).toContain('孙');
    // The one already picked stays on show while searching.
    expect(screen.getByText('✓ 王立群')).toBeTruthy();
  });

  it('should say the organization has no people yet when the directory lists none', async () => {
    taroRequest.mockResolvedValue(taroResponse(200, { items: [], nextCursor: null }));
    render(<Harness onChange={jest.fn()} />);
    await waitFor(() => expect(screen.getByText('名录中该单位还没有人员，可先在名录中添加')).toBeTruthy());
  });
});
