import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ImportRowView } from '@alliance-hub/types';
import { PreviewTable, type PreviewTableProps } from './preview-table';

function row(no: number, overrides: Partial<ImportRowView> = {}): ImportRowView {
  return {
    row: no,
    status: 'new',
    raw: [],
    values: { organization: null, person: null, publication: null },
    reasons: [],
    organization: null,
    person: null,
    publication: null,
    conflicts: [],
    question: null,
    decision: null,
    ...overrides,
  } as ImportRowView;
}

type OrgValues = NonNullable<ImportRowView['values']['organization']>;
const org = (name: string): OrgValues => ({
  name,
  aliases: [],
  kind: null,
  province: null,
  city: null,
  allianceRole: null,
  industryFields: [],
});

const duplicate = (no: number, name: string, existing: string): ImportRowView =>
  row(no, {
    status: 'duplicate',
    values: { organization: org(name), person: null, publication: null },
    reasons: [`单位名称与已有单位「${existing}」相近`],
    question: {
      part: 'organization',
      candidates: [{ id: `${no}`.padStart(24, '0'), name: existing, detail: '高校' }],
    },
  } as Partial<ImportRowView>);

function renderTable(props: Partial<PreviewTableProps>) {
  const handlers = { onDecide: jest.fn(), onDecideMany: jest.fn(), onLoadMore: jest.fn() };
  render(
    <PreviewTable
      rows={[]}
      status="duplicate"
      hasMore={false}
      loadingMore={false}
      {...handlers}
      {...props}
    />,
  );
  return handlers;
}

const names = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[2].textContent);

describe('导入预览 at a desk (PreviewTable)', () => {
  const rows = [
    duplicate(7, '吉林大学珠海学院', '吉林大学'),
    duplicate(3, '东北大学秦皇岛分校', '东北大学'),
    duplicate(5, '哈尔滨工业大学（威海）', '哈尔滨工业大学'),
  ];

  it('should list rows in file order, reverse it on 行号, and order by pinyin on 名称', () => {
    renderTable({ rows });
    const numbers = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getAllByRole('cell')[1].textContent);
    expect(numbers()).toEqual(['第 3 行', '第 5 行', '第 7 行']);
    fireEvent.click(screen.getByRole('columnheader', { name: /行号/ }));
    expect(numbers()).toEqual(['第 7 行', '第 5 行', '第 3 行']);
    fireEvent.click(screen.getByRole('columnheader', { name: /名称/ }));
    expect(names()).toEqual(['东北大学秦皇岛分校', '哈尔滨工业大学（威海）', '吉林大学珠海学院']);
  });

  it('should answer one row’s merge question from its own buttons without selecting it', () => {
    const { onDecide } = renderTable({ rows });
    const first = screen.getAllByRole('row')[1];
    expect(within(first).getByText('已有：东北大学（高校）')).toBeInTheDocument();
    fireEvent.click(within(first).getByRole('button', { name: '保留两条' }));
    expect(onDecide).toHaveBeenCalledWith(rows[1], 'keep_both');
    expect(screen.queryByText(/已选/)).toBeNull();
  });

  it('should hand only the selected rows that ask a question to a bulk decision', () => {
    const asking = rows.slice(0, 2);
    const plain = row(9, {
      status: 'duplicate',
      values: { organization: org('龙江精铸'), person: null, publication: null },
    } as Partial<ImportRowView>);
    const { onDecideMany } = renderTable({ rows: [...asking, plain] });
    fireEvent.click(screen.getByRole('checkbox', { name: '全选' }));
    const bulk = screen.getByRole('group', { name: '批量操作' });
    fireEvent.click(within(bulk).getByRole('button', { name: '跳过此行' }));
    expect(onDecideMany).toHaveBeenCalledTimes(1);
    const [picked, action] = onDecideMany.mock.calls[0] as [ImportRowView[], string];
    expect(action).toBe('skip');
    expect(picked.map((r) => r.row).sort()).toEqual([3, 7]);
  });

  it('should call the reasons column 错误 and offer no decisions when showing invalid rows', () => {
    renderTable({ status: 'invalid', rows: [row(4, { status: 'invalid', reasons: ['缺少单位名称'] })] });
    expect(screen.getByRole('columnheader', { name: /错误/ })).toBeInTheDocument();
    expect(screen.getByText('缺少单位名称')).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: /如何处理/ })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: '全选' })).toBeNull();
  });
});
