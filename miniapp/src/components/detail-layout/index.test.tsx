import { render, screen } from '@testing-library/react';
import { DetailLayout } from './index';

describe('DetailLayout', () => {
  it('should render the main column before the side column when both are given', () => {
    render(<DetailLayout main={<p>单位简介</p>} side={<p>联系人</p>} />);
    const main = screen.getByText('单位简介');
    const side = screen.getByText('联系人');
    expect(main.compareDocumentPosition(side) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('should use a single column when there is no side content', () => {
    const { container } = render(<DetailLayout main={<p>单位简介</p>} />);
    expect(container.firstElementChild).toHaveClass('ah-detail-layout--single');
  });
});
