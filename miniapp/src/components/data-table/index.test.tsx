import { fireEvent, render, screen, within } from '@testing-library/react';
import { DataTable, type DataTableColumn } from './index';

type Org = { id: string; name: string; members: number };
const rows: Org[] = [
  { id: 'a', name: '哈尔滨工业大学', members: 12 },
  { id: 'b', name: '东北轻合金有限责任公司', members: 3 },
  { id: 'c', name: '中国科学院金属研究所', members: 40 },
];
const columns: DataTableColumn<Org>[] = [
  { key: 'name', title: '名称', render: (r) => r.name, sortValue: (r) => r.name },
  { key: 'members', title: '人数', render: (r) => String(r.members), sortValue: (r) => r.members },
];

const column = (index: number) =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[index].textContent);

describe('DataTable', () => {
  it('should order rows by a column when its header is clicked, and reverse on a second click', () => {
    render(<DataTable label="单位" columns={columns} rows={rows} rowKey={(r) => r.id} />);
    const header = screen.getByRole('columnheader', { name: /人数/ });
    fireEvent.click(header);
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(column(1)).toEqual(['3', '12', '40']);
    fireEvent.click(header);
    expect(header).toHaveAttribute('aria-sort', 'descending');
    expect(column(1)).toEqual(['40', '12', '3']);
  });

  it('should order Chinese names by pinyin when the name column is sorted', () => {
    render(<DataTable label="单位" columns={columns} rows={rows} rowKey={(r) => r.id} />);
    fireEvent.click(screen.getByRole('columnheader', { name: /名称/ }));
    expect(column(0)).toEqual(['东北轻合金有限责任公司', '哈尔滨工业大学', '中国科学院金属研究所']);
  });

  it('should hand the selected rows to a bulk action when rows are ticked', () => {
    const archive = jest.fn();
    render(
      <DataTable
        label="单位"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        bulkActions={[{ label: '批量归档', onClick: archive }]}
      />,
    );
    expect(screen.queryByRole('button', { name: '批量归档' })).not.toBeInTheDocument();
    const boxes = screen.getAllByRole('checkbox', { name: '选择' });
    fireEvent.click(boxes[0]);
    fireEvent.click(boxes[2]);
    expect(screen.getByText('已选 2 项')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '批量归档' }));
    expect(archive).toHaveBeenCalledWith([rows[0], rows[2]]);
  });

  it('should select every row when the header box is ticked without opening a row', () => {
    const open = jest.fn();
    render(
      <DataTable
        label="单位"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        onRowClick={open}
        bulkActions={[{ label: '导出', onClick: jest.fn() }]}
      />,
    );
    fireEvent.click(screen.getByRole('checkbox', { name: '全选' }));
    expect(screen.getByText('已选 3 项')).toBeInTheDocument();
    fireEvent.click(screen.getAllByRole('checkbox', { name: '选择' })[1]);
    expect(open).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('中国科学院金属研究所'));
    expect(open).toHaveBeenCalledWith(rows[2]);
  });

  it('should show the empty state and no footer when there are no rows', () => {
    render(
      <DataTable
        label="单位"
        columns={columns}
        rows={[]}
        rowKey={(r) => r.id}
        emptyState={{ title: '还没有单位', hint: '用批量导入添加成员单位' }}
        pagination={{ shown: 0, hasMore: false, onLoadMore: jest.fn() }}
      />,
    );
    expect(screen.getByText('还没有单位')).toBeInTheDocument();
    expect(screen.queryByText(/已显示/)).not.toBeInTheDocument();
  });

  it('should load the next page when 加载更多 is clicked in the footer', () => {
    const more = jest.fn();
    render(
      <DataTable
        label="单位"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        pagination={{ shown: 3, hasMore: true, onLoadMore: more }}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(more).toHaveBeenCalledTimes(1);
    expect(screen.getByText('已显示 3 条')).toBeInTheDocument();
  });
});
