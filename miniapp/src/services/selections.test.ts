import Taro from '@tarojs/taro';
import { taroResponse, sentMethod } from '../../test/factories';
import { selection } from '../packages/matchmaking/test-support/publication-factories';
import { listSelections, markSelectionHandled, selectItem } from './selections';

const taroRequest = Taro.request as unknown as jest.Mock;
const lastCall = () => taroRequest.mock.calls.at(-1)[0] as { url: string; method: string; data?: unknown };
const EVENT = 'd'.repeat(24);

describe('services/selections', () => {
  it('should POST the tick with its note to the event when selecting an item', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(201, selection()));
    const body = { itemKind: 'achievement' as const, itemId: 'b'.repeat(24), note: '想了解量产成本' };
    const created = await selectItem(EVENT, body);
    expect(lastCall().url).toMatch(new RegExp(`/api/v1/events/${EVENT}/selections$`));
    expect(lastCall().method).toBe('POST');
    expect(lastCall().data).toEqual(body);
    expect(created.note).toBe('想了解量产成本');
  });

  it('should ask for unhandled leads only when the work list filters on handled=no', async () => {
    taroRequest.mockResolvedValueOnce(taroResponse(200, { items: [selection()], nextCursor: null }));
    const page = await listSelections(EVENT, { handled: 'no', itemKind: '', cursor: null });
    expect(lastCall().url).toMatch(/\/selections\?handled=no$/);
    expect(page.items).toHaveLength(1);
  });

  it('should PATCH handled when a coordinator marks a lead', async () => {
    const lead = selection();
    taroRequest.mockResolvedValueOnce(
      taroResponse(200, {
        ...lead,
        handled: true,
        handledAt: '2026-12-01T03:00:00.000Z',
        handledBy: { id: 'u', displayName: '李明' },
      }),
    );
    const updated = await markSelectionHandled(EVENT, lead.id, true);
    expect(lastCall().url).toMatch(new RegExp(`/selections/${lead.id}$`));
    expect(sentMethod(lastCall())).toBe('PATCH');
    expect(lastCall().data).toEqual({ handled: true });
    expect(updated.handledBy?.displayName).toBe('李明');
  });
});
