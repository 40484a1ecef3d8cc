import { CHECK_IN_METHOD_LABELS, ORG_KIND_LABELS, REGISTRATION_STATUS_LABELS } from '@alliance-hub/types';
import type { Logger } from '../../logger';
import { produce, workbook, type Column, type XlsxStream } from '../../lib/xlsx-stream';
import { REGISTRATION_REFS, type EventLean, type RegistrationLean } from './event.presenter';
import { RegistrationModel } from './registration.model';

const COLUMNS: Column[] = [
  { header: '序号', key: 'no', width: 6 },
  { header: '姓名', key: 'name', width: 12 },
  { header: '单位', key: 'org', width: 36 },
  { header: '单位类型', key: 'kind', width: 10 },
  { header: '职务', key: 'title', width: 16 },
  { header: '报名状态', key: 'status', width: 10 },
  { header: '签到时间', key: 'at', width: 20 },
  { header: '签到方式', key: 'method', width: 10 },
  { header: '签到人员', key: 'by', width: 14 },
  { header: '现场登记', key: 'walkIn', width: 10 },
];

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** The paper sign-in sheet, as a spreadsheet: everyone expected, and when each person arrived. */
export function exportSignInSheet(event: EventLean, logger: Logger): XlsxStream {
  const { stream, book, sheet } = workbook('签到表', COLUMNS);
  const done = produce(stream, logger, async () => {
    const regs = await RegistrationModel.find({
      eventId: event._id,
      status: { $in: ['registered', 'pending', 'waitlisted'] },
    })
      .sort({ _id: 1 })
      .populate(REGISTRATION_REFS)
      .lean<RegistrationLean[]>();
    regs.forEach((reg, i) => {
      sheet
        .addRow({
          no: i + 1,
          name: reg.personId?.name ?? '',
          org: reg.orgId?.name ?? reg.orgName ?? '',
          kind: reg.orgId ? ORG_KIND_LABELS[reg.orgId.kind] : '',
          title: reg.personId?.title ?? '',
          status: REGISTRATION_STATUS_LABELS[reg.status],
          at: reg.checkIn ? shanghai.format(reg.checkIn.at) : '未签到',
          method: reg.checkIn ? CHECK_IN_METHOD_LABELS[reg.checkIn.method] : '',
          by: reg.checkIn?.byUserId?.displayName ?? '',
          walkIn: reg.walkIn ? '是' : '',
        })
        .commit();
    });
    sheet.commit();
    await book.commit();
  });
  return { stream, done };
}
