import { InteractionCreateBody } from '@alliance-hub/types';
import { bodyFromQuickLog, emptyQuickLog, isoFromShanghai, withUnlisted } from './log-form';

const NOW = new Date('2026-12-01T06:30:00.000Z'); // 14:30 in Shanghai

describe('quick log form', () => {
  it('should start at now in Shanghai with the person and organization prefilled when opened from a person', () => {
    const form = emptyQuickLog({ personId: 'b'.repeat(24), personName: '赵志远', orgName: '华东院' }, NOW);
    expect(form).toMatchObject({ type: 'visit', date: '2026-12-01', time: '14:30', visibility: 'staff' });
    expect(form.participants).toEqual([
      { kind: 'person', id: 'b'.repeat(24), name: '赵志远', organization: '华东院' },
    ]);
  });

  it('should default to an event encounter linked to the event when opened from an attendee list', () => {
    const target = { personId: 'b'.repeat(24), personName: '赵志远', eventId: 'd'.repeat(24) };
    const form = emptyQuickLog(target, NOW);
    const body = bodyFromQuickLog(form, 'c0123456789abcdef', target);
    expect(form.type).toBe('event_encounter');
    expect(body.links).toEqual({ eventId: 'd'.repeat(24) });
  });

  it('should build a body the server schema accepts, with the follow-up when one is asked for', () => {
    const target = { orgId: 'e'.repeat(24), orgName: '华东院' };
    const form = {
      ...emptyQuickLog(target, NOW),
      note: '  谈了中试线 ',
      followUp: true,
      followUpTitle: '寄送样品',
    };
    const body = bodyFromQuickLog(form, 'c0123456789abcdef', target);
    expect(InteractionCreateBody.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      at: '2026-12-01T06:30:00.000Z',
      note: '谈了中试线',
      participants: { personIds: [], orgIds: ['e'.repeat(24)], unlisted: [] },
      followUp: { title: '寄送样品', dueAt: '2026-12-04T02:00:00.000Z' },
    });
  });

  it('should send someone not in the directory as an unlisted name and organization', () => {
    const target = { unlistedName: '王工', unlistedOrg: '某铝业' };
    const body = bodyFromQuickLog(emptyQuickLog(target, NOW), 'c0123456789abcdef', target);
    expect(body.participants.unlisted).toEqual([{ name: '王工', organization: '某铝业' }]);
    expect(body.followUp).toBeUndefined();
  });

  it('should read picker values as Shanghai time when converting to UTC', () => {
    expect(isoFromShanghai('2026-01-01', '07:00')).toBe('2025-12-31T23:00:00.000Z');
  });
});

describe('quick log participants and owner', () => {
  it('should add a typed name once and send it as unlisted with the follow-up owner chosen', () => {
    const target = { orgId: 'e'.repeat(24), orgName: '华东院' };
    let participants = emptyQuickLog(target, NOW).participants;
    participants = withUnlisted(participants, ' 王工 ', '某铝业');
    participants = withUnlisted(participants, '王工', '某铝业');
    participants = withUnlisted(participants, '   ', '');
    const form = {
      ...emptyQuickLog(target, NOW),
      participants,
      followUp: true,
      followUpTitle: '约技术交流',
      followUpOwnerId: 'f'.repeat(24),
    };
    const body = bodyFromQuickLog(form, 'c0123456789abcdef', target);
    expect(body.participants.unlisted).toEqual([{ name: '王工', organization: '某铝业' }]);
    expect(body.followUp?.ownerUserId).toBe('f'.repeat(24));
    expect(InteractionCreateBody.safeParse(body).success).toBe(true);
  });
});
