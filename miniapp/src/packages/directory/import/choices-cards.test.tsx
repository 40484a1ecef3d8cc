import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ImportJobView, ImportRowView } from '@alliance-hub/types';
import { taroResponse } from '../../../../test/factories';
import { resetFieldsCache } from '../../../services/directory';
import { ConflictsCard, TermsCard } from './choices-cards';

jest.mock('@tarojs/taro', () => jest.requireActual('../test-support/taro-doubles').taroDouble());
jest.mock('@tarojs/components', () => jest.requireActual('../test-support/taro-doubles').componentsDouble());

const taroRequest = Taro.request as unknown as jest.Mock;
const JOB_ID = 'd'.repeat(24);

const job: ImportJobView = {
  id: JOB_ID,
  status: 'ready',
  target: 'members',
  file: { name: 'member-roster.xlsx', type: 'xlsx', encoding: null, sheetName: '名录', size: 1 },
  headerRow: 2,
  columns: [],
  mapping: {},
  headerProblems: [],
  progress: { phase: 'analysing', processed: 1, total: 1 },
  counts: { new: 0, update: 0, unchanged: 1, duplicate: 0, invalid: 0, undecided: 0, conflicts: 1 },
  result: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  committedAt: null,
};

function conflictRow(choice: 'keep' | 'take'): ImportRowView {
  return {
    row: 23,
    status: choice === 'take' ? 'update' : 'unchanged',
    raw: [],
    values: { organization: null, person: null, publication: null },
    reasons: [],
    organization: {
      action: choice === 'take' ? 'update' : 'unchanged',
      match: { id: 'e'.repeat(24), name: '东北大学', detail: null },
      changes: [],
      sameAsRow: null,
    },
    person: null,
    publication: null,
    conflicts: [
      {
        field: 'allianceRole',
        label: '联盟职务',
        existing: '理事单位',
        incoming: '成员单位',
        reason: '文件中的联盟职务低于名录中的',
        choice,
      },
    ],
    question: null,
    decision: null,
    committed: false,
  };
}

describe('import choices cards', () => {
  beforeEach(() => {
    resetFieldsCache();
    taroRequest.mockReset();
  });

  it('should show a conflict kept by default and send take when the secretariat takes the file value', async () => {
    taroRequest.mockImplementation(async ({ url, method }: { url: string; method: string }) => {
      if (method === 'POST') return taroResponse(200, conflictRow('take'));
      if (url.endsWith(`/imports/${JOB_ID}`)) return taroResponse(200, job);
      return taroResponse(200, { items: [conflictRow('keep')], nextCursor: null });
    });
    const onJob = jest.fn();
    render(<ConflictsCard job={job} onJob={onJob} onError={jest.fn()} />);
    await screen.findByText('名录：理事单位 → 文件：成员单位');
    expect(screen.getByText('保留现有').closest('[role="button"]')).toHaveAttribute('aria-pressed', 'true');

    fireEvent.click(screen.getByText('采用文件'));
    await waitFor(() =>
      expect(screen.getByText('采用文件').closest('[role="button"]')).toHaveAttribute('aria-pressed', 'true'),
    );
    const post = taroRequest.mock.calls.find((call) => call[0].method === 'POST')![0];
    expect(post.url).toContain(`/imports/${JOB_ID}/rows/23/conflicts`);
    expect(post.data).toEqual({ field: 'allianceRole', choice: 'take' });
    expect(onJob).toHaveBeenCalled();
  });

  it('should list unknown terms as keywords and send field when one becomes a new industry field', async () => {
    const terms = (action: 'keyword' | 'field') => ({
      items: [{ term: '冶金', rows: 6, action, fieldCode: null }],
    });
    taroRequest.mockImplementation(async ({ url, method }: { url: string; method: string }) => {
      if (url.includes('/fields')) return taroResponse(200, { items: [] });
      if (method === 'PUT') return taroResponse(200, terms('field'));
      if (url.endsWith(`/imports/${JOB_ID}`)) return taroResponse(200, job);
      return taroResponse(200, terms('keyword'));
    });
    render(<TermsCard job={job} onJob={jest.fn()} onError={jest.fn()} />);
    await screen.findByText('冶金');
    expect(screen.getByText('作为关键词').closest('[role="button"]')).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(screen.getByText('新增为行业领域'));
    await waitFor(() =>
      expect(screen.getByText('新增为行业领域').closest('[role="button"]')).toHaveAttribute(
        'aria-pressed',
        'true',
      ),
    );
    const put = taroRequest.mock.calls.find((call) => call[0].method === 'PUT')![0];
    expect(put.data).toEqual({ term: '冶金', action: 'field' });
  });
});
