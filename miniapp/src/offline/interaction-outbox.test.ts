import type { InteractionBatchResult, InteractionCreateBody } from '@alliance-hub/types';
import { newClientId } from './client-id';
import { INTERACTION_KIND, interactionHandler } from './index';
import { Outbox } from './outbox';

const body = (note: string): InteractionCreateBody => ({
  clientId: newClientId(),
  type: 'visit',
  participants: { orgIds: ['e'.repeat(24)] },
  note,
});

describe('queued quick logs (interactionHandler)', () => {
  it('should send 120 queued logs in three requests, in order, and set aside the one the server refuses', async () => {
    const sent: string[][] = [];
    const send = jest.fn(async (items: InteractionCreateBody[]) => {
      sent.push(items.map((i) => i.note ?? ''));
      return {
        results: items.map((item): InteractionBatchResult =>
          item.note === '第7条'
            ? {
                clientId: item.clientId,
                outcome: 'rejected',
                id: null,
                followUpTaskId: null,
                error: { status: 400, code: 'VALIDATION_FAILED', message: '有参与人不在名录中，请重新选择' },
              }
            : {
                clientId: item.clientId,
                outcome: 'created',
                id: 'a'.repeat(24),
                followUpTaskId: null,
                error: null,
              },
        ),
      };
    });
    const outbox = new Outbox({ [INTERACTION_KIND]: interactionHandler(send) }, 'test.interaction-outbox');
    const notes = Array.from({ length: 120 }, (_, i) => `第${i}条`);
    for (const note of notes) {
      const payload = body(note);
      outbox.enqueue({ clientId: payload.clientId, kind: INTERACTION_KIND, group: '', payload, label: note });
    }

    const report = await outbox.flush();

    expect(sent.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(sent.flat()).toEqual(notes);
    expect(report.sent).toBe(120);
    expect(outbox.count()).toBe(0);
    expect(outbox.rejected().map((r) => [r.label, r.error.message])).toEqual([
      ['第7条', '有参与人不在名录中，请重新选择'],
    ]);
  });

  it('should keep every log queued when the batch request fails, and send them again later', async () => {
    const send = jest
      .fn()
      .mockRejectedValueOnce(new Error('网络连接失败'))
      .mockImplementation(async (items: InteractionCreateBody[]) => ({
        results: items.map((item) => ({
          clientId: item.clientId,
          outcome: 'existing',
          id: 'a'.repeat(24),
          followUpTaskId: null,
          error: null,
        })),
      }));
    const outbox = new Outbox({ [INTERACTION_KIND]: interactionHandler(send) }, 'test.interaction-outbox-2');
    const payload = body('离线走访');
    outbox.enqueue({ clientId: payload.clientId, kind: INTERACTION_KIND, group: '', payload, label: null });
    expect((await outbox.flush()).error).not.toBeNull();
    expect(outbox.count()).toBe(1);
    await outbox.flush();
    expect(outbox.count()).toBe(0);
    expect(send.mock.calls[1][0][0].clientId).toBe(payload.clientId);
  });
});
