import { bodyFromForm, emptyForm, patchFromForm, validateForm } from './event-form';

describe('event form', () => {
  const base = () => ({ ...emptyForm(new Date('2026-02-27T04:00:00Z')), title: '2026 年度联盟年会' });

  it('should send Beijing times with +08:00 and agenda times on the start day when building the body', () => {
    const body = bodyFromForm({
      ...base(),
      organisers: '联盟秘书处、哈尔滨工业大学',
      capacity: '200',
      agenda: [
        { time: '09:30', title: '开幕致辞', speaker: '', organization: '', kind: 'session', link: null },
      ],
    });
    expect(body).toMatchObject({
      startsAt: '2026-02-28T09:00:00+08:00',
      endsAt: '2026-02-28T17:00:00+08:00',
      organisers: ['联盟秘书处', '哈尔滨工业大学'],
      capacity: 200,
      agenda: [{ time: '2026-02-28T09:30:00+08:00', title: '开幕致辞' }],
    });
    expect(body.agenda?.[0]).not.toHaveProperty('speaker', '');
  });

  it('should name endsAt when the end is before the start', () => {
    expect(validateForm({ ...base(), endTime: '08:00' })).toEqual({ endsAt: '结束时间应晚于开始时间' });
  });

  it('should require a link when the event is 云对接', () => {
    expect(validateForm({ ...base(), kind: 'online' })).toHaveProperty('link');
  });

  it('should clear emptied optional fields with null and leave unedited fields out when building a PATCH', () => {
    const patch = patchFromForm({ ...base(), place: '  ', capacity: '', registrationMode: 'invite' });
    expect(patch).toMatchObject({
      place: null,
      capacity: null,
      link: null,
      description: null,
      registrationMode: 'invite',
    });
    expect(patch).not.toHaveProperty('fields');
  });

  it('should put me on the staff as organiser when a new event is started', () => {
    const form = emptyForm(new Date('2026-02-27T04:00:00Z'), { id: 'u1', displayName: '白衬衫·李明' });
    expect(form.staff).toEqual([{ userId: 'u1', name: '白衬衫·李明', duty: 'organiser' }]);
    expect(bodyFromForm(form).staff).toEqual([{ userId: 'u1', duty: 'organiser' }]);
  });

  it('should accept a complete form', () => {
    expect(validateForm(base())).toEqual({});
  });
  it('should send a roadshow slot with its kind and linked item, and keep the link through an edit', () => {
    const link = {
      kind: 'achievement' as const,
      id: 'a'.repeat(24),
      title: '钛合金增材制造',
      ownerName: '哈工大',
    };
    const body = bodyFromForm({
      ...base(),
      agenda: [
        {
          time: '10:00',
          title: '钛合金增材制造',
          speaker: '李教授',
          organization: '',
          kind: 'achievement_roadshow',
          link,
        },
        // A link left over from another kind is not sent: the server would refuse it.
        { time: '10:30', title: '需求发布', speaker: '', organization: '', kind: 'demand_roadshow', link },
      ],
    });
    expect(body.agenda).toEqual([
      expect.objectContaining({
        kind: 'achievement_roadshow',
        achievementId: 'a'.repeat(24),
        speaker: '李教授',
      }),
      expect.not.objectContaining({ achievementId: expect.anything() }),
    ]);
    expect(body.agenda?.[1]).toMatchObject({ kind: 'demand_roadshow' });
    expect(body.agenda?.[1]).not.toHaveProperty('demandId');
  });
});
