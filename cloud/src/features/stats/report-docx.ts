import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { KPI_DEFINITIONS } from '@alliance-hub/types';
import type { ReportData } from './report.data';
import { formatValue } from './report.data';

const FONT = 'SimSun';

const text = (value: string, bold = false) =>
  new Paragraph({ children: [new TextRun({ text: value, bold, font: FONT, size: 21 })] });

const heading = (
  value: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1,
) => new Paragraph({ heading: level, children: [new TextRun({ text: value, font: FONT })] });

function table(head: string[], rows: Array<Array<string | number | null>>): Table {
  const cell = (value: string | number | null, bold = false) =>
    new TableCell({ children: [text(value === null ? '—' : String(value), bold)] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((v) => cell(v)) })),
    ],
  });
}

const percent = (n: number | null) => (n === null ? null : `${Math.round(n * 1000) / 10}%`);

/** A month-by-month bar drawn with block characters: reads in any Word, WPS or phone viewer. */
const bar = (value: number, max: number) => (max > 0 ? '█'.repeat(Math.round((value / max) * 20)) : '');

/** One sentence a reader can quote: how many matches were turned down, and why, most frequent first. */
export function matchReasonsLine(data: Pick<ReportData, 'matchReasons'>): string {
  const { total, reasons, year } = data.matchReasons;
  if (!total) return `${year} 年没有推荐被标记为不合适。`;
  const parts = reasons.filter((r) => r.value > 0).map((r) => `${r.label} ${r.value} 条`);
  return `${year} 年共 ${total} 条推荐被标记为不合适，原因：${parts.join('、')}。`;
}

/** The annual report (年度工作报告) as a .docx, built from the same figures as the dashboard. */
export async function reportDocument(data: ReportData, allianceName: string): Promise<Buffer> {
  const { stats, funnel } = data;
  const counted = stats.kpis.filter((k) => k.source === 'counted');
  const withTarget = counted.filter((k) => k.target !== null);
  const behind = withTarget.filter((k) => k.behindSchedule);
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      heading: HeadingLevel.TITLE,
      children: [new TextRun({ text: `${allianceName} ${stats.year} 年度统计报告`, font: FONT, bold: true })],
    }),
    text(`统计截至 ${stats.asOf.slice(0, 10)}；全年进度 ${percent(stats.pace)}。`),
    heading('一、年度指标与目标完成情况'),
    text(
      withTarget.length
        ? `设定目标的 ${withTarget.length} 项指标中，${withTarget.length - behind.length} 项达到或超过时间进度，${behind.length} 项落后于进度${behind.length ? `（${behind.map((k) => k.label).join('、')}）` : ''}。`
        : '本年度尚未设定目标。',
    ),
    table(
      ['指标', '单位', `${stats.year}年`, `${stats.year - 1}年`, '目标', '完成率', '进度'],
      stats.kpis.map((k) => [
        k.label,
        k.unit,
        k.source === 'pending' ? '待接入' : formatValue(k.value, k.money),
        formatValue(k.lastYear, k.money),
        k.target,
        percent(k.completion),
        k.source === 'pending'
          ? '数据来源待接入'
          : k.behindSchedule
            ? '落后'
            : k.target === null
              ? ''
              : '正常',
      ]),
    ),
  ];
  if (stats.manual.length) {
    children.push(
      heading('二、填报指标（非系统统计）', HeadingLevel.HEADING_2),
      table(
        ['指标', '数值', '单位', '目标', '来源', '日期'],
        stats.manual.map((m) => [m.label, m.value, m.unit, m.target, m.source, m.asOf]),
      ),
    );
  }
  children.push(heading('三、逐月进展'));
  for (const kpi of counted.filter((k) => k.value > 0).slice(0, 8)) {
    const max = Math.max(...kpi.months);
    children.push(
      text(`${kpi.label}（${kpi.unit}）`, true),
      table(
        ['月份', '数值', ''],
        kpi.months.map((v, i) => [`${i + 1}月`, formatValue(v, kpi.money), bar(v, max)]),
      ),
    );
  }
  children.push(
    heading('四、合作漏斗与精准对接'),
    text(funnel.help),
    table(
      ['阶段', '进入', '上年', '转化率', '停留天数中位数'],
      funnel.stages.map((s) => [
        s.label,
        s.entered,
        s.lastYear,
        percent(s.conversionToNext),
        s.medianDaysToNext,
      ]),
    ),
    heading('精准对接：不合适原因', HeadingLevel.HEADING_2),
    text(matchReasonsLine(data)),
    ...(data.matchReasons.total
      ? [
          table(
            ['不合适原因', '条数', '占比'],
            data.matchReasons.reasons.map((r) => [
              r.label,
              r.value,
              percent(r.value / data.matchReasons.total),
            ]),
          ),
        ]
      : []),
    heading('五、亮点'),
    heading('成交额最大的合同', HeadingLevel.HEADING_2),
    data.largestContracts.length
      ? table(
          ['合作', '合同类型', '成交额（万元）', '技术交易额（万元）', '签订日期', '参与单位'],
          data.largestContracts.map((c) => [
            c.topic,
            c.type,
            c.amount.toFixed(2),
            c.techAmount.toFixed(2),
            c.signedAt,
            c.parties,
          ]),
        )
      : text('本年度暂无签约合同。'),
    heading('实现产业化的合作链', HeadingLevel.HEADING_2),
    data.industrialised.length
      ? table(
          ['合作', '产业化日期', '前序合作'],
          data.industrialised.map((i) => [i.topic, i.at, i.chain || '—']),
        )
      : text('本年度暂无进入产业化阶段的合作。'),
    heading('六、举办的活动'),
    data.events.length
      ? table(
          ['活动', '类型', '日期', '地点'],
          data.events.map((e) => [e.title, e.kind, e.date, e.place]),
        )
      : text('本年度暂无活动。'),
  );
  for (const { label, view } of data.breakdowns.filter((b) => b.by !== 'organization')) {
    children.push(
      heading(`附：${label}统计`, HeadingLevel.HEADING_2),
      table(
        ['分组', ...view.kpis.slice(0, 6).map((kpi) => KPI_DEFINITIONS[kpi].label)],
        view.rows
          .slice(0, 30)
          .map((row) => [row.label, ...view.kpis.slice(0, 6).map((kpi) => row.values[kpi] ?? 0)]),
      ),
    );
  }
  const document = new Document({
    creator: allianceName,
    title: `${stats.year} 年度统计报告`,
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
