import ExcelJS from 'exceljs';
import { INTENT_STAGE_LABELS, KPI_DEFINITIONS, type STAT_RECORD_KINDS } from '@alliance-hub/types';
import type { ReportData } from './report.data';
import { shanghaiDate } from './stat-time';

const KIND_LABELS: Record<(typeof STAT_RECORD_KINDS)[number], string> = {
  event: '活动',
  registration: '报名/签到',
  organization: '单位',
  achievement: '成果',
  demand: '需求',
  selection: '点菜',
  interest: '我感兴趣',
  match: '精准对接反馈',
  interaction: '对接记录',
  intent: '合作意向',
};

function header(sheet: ExcelJS.Worksheet, columns: Array<[string, number]>) {
  sheet.columns = columns.map(([header, width]) => ({ header, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The annual statistics as a workbook: the figures, a sheet per breakdown, the records behind each figure. */
export async function reportWorkbook(data: ReportData): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const { stats } = data;

  const summary = book.addWorksheet('年度指标');
  header(summary, [
    ['指标', 18],
    ['单位', 8],
    [`${stats.year}年`, 12],
    [`${stats.year - 1}年`, 12],
    ['目标', 12],
    ['完成率', 10],
    ['进度', 10],
    ...Array.from({ length: 12 }, (_, i): [string, number] => [`${i + 1}月`, 8]),
    ['统计口径', 60],
  ]);
  for (const kpi of stats.kpis) {
    summary.addRow([
      kpi.label,
      kpi.unit,
      kpi.value,
      kpi.lastYear,
      kpi.target,
      kpi.completion === null ? null : Math.round(kpi.completion * 1000) / 10 + '%',
      kpi.source === 'pending'
        ? '数据来源待接入'
        : kpi.behindSchedule
          ? '落后于进度'
          : kpi.target === null
            ? ''
            : '正常',
      ...kpi.months,
      kpi.help,
    ]);
  }
  for (const m of stats.manual) {
    summary.addRow([m.label, m.unit, m.value, null, m.target, null, `手工填报：${m.source} ${m.asOf ?? ''}`]);
  }

  const funnel = book.addWorksheet('合作漏斗');
  header(funnel, [
    ['阶段', 10],
    [`${stats.year}年进入`, 12],
    [`${stats.year - 1}年进入`, 12],
    ['转化到下一阶段', 14],
    ['停留天数中位数', 14],
  ]);
  for (const s of data.funnel.stages) {
    funnel.addRow([
      INTENT_STAGE_LABELS[s.stage],
      s.entered,
      s.lastYear,
      s.conversionToNext,
      s.medianDaysToNext,
    ]);
  }

  const reasons = book.addWorksheet('不合适原因');
  header(reasons, [
    ['不合适原因', 16],
    [`${stats.year}年条数`, 12],
    ['占比', 10],
    ['统计口径', 60],
  ]);
  const { matchReasons } = data;
  for (const row of matchReasons.reasons) {
    reasons.addRow([
      row.label,
      row.value,
      matchReasons.total ? `${Math.round((row.value / matchReasons.total) * 1000) / 10}%` : null,
    ]);
  }
  reasons.addRow(['合计', matchReasons.total, null, matchReasons.help]);

  for (const { label, view } of data.breakdowns) {
    const sheet = book.addWorksheet(label);
    header(sheet, [
      ['分组', 24],
      ...view.kpis.map((kpi): [string, number] => [KPI_DEFINITIONS[kpi].label, 12]),
    ]);
    for (const row of view.rows) sheet.addRow([row.label, ...view.kpis.map((kpi) => row.values[kpi] ?? 0)]);
  }

  const records = book.addWorksheet('明细');
  header(records, [
    ['指标', 16],
    ['类别', 10],
    ['记录', 40],
    ['说明', 30],
    ['计入日期', 12],
    ['计入数值', 10],
  ]);
  for (const group of data.records) {
    for (const item of group.items) {
      records.addRow([
        group.label,
        KIND_LABELS[item.kind],
        item.title,
        item.detail,
        shanghaiDate(new Date(item.at)),
        item.value,
      ]);
    }
    if (group.total > group.items.length) {
      records.addRow([group.label, '', `另有 ${group.total - group.items.length} 条，请在统计页面查看`]);
    }
  }
  // The marks behind each 不合适 reason, under the reason's name as their figure.
  for (const group of data.reasonRecords) {
    const label = `不合适原因：${group.label}`;
    for (const item of group.items) {
      records.addRow([
        label,
        KIND_LABELS[item.kind],
        item.title,
        item.detail,
        shanghaiDate(new Date(item.at)),
        item.value,
      ]);
    }
    if (group.total > group.items.length) {
      records.addRow([label, '', `另有 ${group.total - group.items.length} 条，请在统计页面查看`]);
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
