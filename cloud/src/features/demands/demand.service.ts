import type {
  DemandCreateInput,
  DemandDetailView,
  DemandListItemView,
  DemandListQuery,
  DemandUpdateInput,
} from '@alliance-hub/types';
import { validation } from '../../errors';
import { createPublicationService, type PublicationModel } from '../publications/publication.service';
import { DemandModel } from './demand.model';
import { presentDemandDetail, presentDemandItem, type DemandLean } from './demand.presenter';

const OWN_KEYS = [
  'description',
  'budgetMinWan',
  'budgetMaxWan',
  'budgetNegotiable',
  'deadline',
  'cooperationModes',
  'progress',
  'visibility',
] as const;

/** 技术需求: the shared publishing service with the demand's own fields, filters and visibility. */
export const demands = createPublicationService<
  DemandLean,
  DemandCreateInput,
  DemandUpdateInput,
  DemandListQuery,
  DemandListItemView,
  DemandDetailView
>({
  kind: 'demand',
  noun: '需求',
  model: DemandModel as unknown as PublicationModel,
  // Progress, deadline, budget and visibility are the enterprise's to keep current without review.
  substantiveKeys: ['description', 'cooperationModes'],
  searchTexts: (doc) => [doc.description],
  stored(body) {
    const out: Record<string, unknown> = {};
    for (const key of OWN_KEYS) if (body[key] !== undefined) out[key] = body[key];
    // 面议 and a budget exclude each other: setting one clears the other.
    if (body.budgetNegotiable === true) Object.assign(out, { budgetMinWan: null, budgetMaxWan: null });
    if (typeof body.budgetMinWan === 'number' || typeof body.budgetMaxWan === 'number') {
      out.budgetNegotiable = false;
    }
    return out;
  },
  checkUpdate(before, body) {
    if (body.budgetNegotiable === true) return;
    const min = body.budgetMinWan !== undefined ? body.budgetMinWan : before.budgetMinWan;
    const max = body.budgetMaxWan !== undefined ? body.budgetMaxWan : before.budgetMaxWan;
    if (min != null && max != null && min > max) {
      throw validation([{ path: 'body.budgetMinWan', message: '预算下限不能高于上限' }]);
    }
  },
  // The statistics count a demand as solved in the year it became solved (#15), not at its last edit.
  markedDates(before, body, now): Record<string, Date | null> {
    if (body.progress === undefined || body.progress === (before?.progress ?? 'open')) return {};
    return { solvedAt: body.progress === 'solved' ? now : null };
  },
  listFilter(query) {
    return {
      ...(query.cooperationMode ? { cooperationModes: query.cooperationMode } : {}),
      ...(query.progress ? { progress: query.progress } : {}),
    };
  },
  // Staff-only demands: some enterprises do not want competitors to read their problem.
  publiclyVisible: (doc) => doc.visibility !== 'staff',
  publicVisibilityFilter: { visibility: 'members' },
  presentItem: presentDemandItem,
  presentDetail: presentDemandDetail,
});
