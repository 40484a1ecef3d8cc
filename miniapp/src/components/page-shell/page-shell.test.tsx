import { fireEvent, render, screen } from '@testing-library/react';
import { PageShell } from './index';

describe('PageShell', () => {
  it('should show the loading state while loading', () => {
    render(
      <PageShell loading>
        <span>内容</span>
      </PageShell>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('加载中…');
    expect(screen.queryByText('内容')).not.toBeInTheDocument();
  });

  it('should show the error message and call onRetry when 重试 is pressed', () => {
    const onRetry = jest.fn();
    render(
      <PageShell error={{ message: '网络连接失败，请检查网络后重试' }} onRetry={onRetry}>
        <span>内容</span>
      </PageShell>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('网络连接失败，请检查网络后重试');
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('内容')).not.toBeInTheDocument();
  });

  it('should not offer a retry button when there is no onRetry', () => {
    render(<PageShell error={{ message: '没有权限执行此操作' }} />);
    expect(screen.queryByRole('button', { name: '重试' })).not.toBeInTheDocument();
  });

  it('should show the empty state with a hint and its action when empty', () => {
    const onAction = jest.fn();
    render(
      <PageShell
        empty
        emptyState={{
          title: '还没有技术需求',
          hint: '发布第一条需求，联盟会帮你对接',
          actionText: '发布需求',
          onAction,
        }}
      >
        <span>内容</span>
      </PageShell>,
    );
    expect(screen.getByText('还没有技术需求')).toBeInTheDocument();
    expect(screen.getByText('发布第一条需求，联盟会帮你对接')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '发布需求' }));
    expect(onAction).toHaveBeenCalledTimes(1);
  });

  it('should render its children when loaded without error', () => {
    render(
      <PageShell className="extra">
        <span>内容</span>
      </PageShell>,
    );
    expect(screen.getByText('内容')).toBeInTheDocument();
    expect(screen.getByText('内容').parentElement).toHaveClass('ah-page-shell', 'extra');
  });

  it('should prefer the loading state over a stale error', () => {
    render(<PageShell loading error={{ message: '旧的错误' }} onRetry={jest.fn()} />);
    expect(screen.getByRole('status')).toBeInTheDocument();
    expect(screen.queryByText('旧的错误')).not.toBeInTheDocument();
  });
});
