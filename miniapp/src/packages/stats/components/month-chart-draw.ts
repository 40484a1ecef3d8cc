import { Axis, Canvas, Chart, Interval, Legend, Line, jsx, type CanvasProps } from '@antv/f2';

/** What a chart is drawn on: a 2d context and its size in CSS pixels. */
export interface ChartSurface {
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
  pixelRatio: number;
  /** WeChat's 2d canvas node brings its own frame clock; the logic layer has no window to ask. */
  requestAnimationFrame?: (callback: () => void) => number;
  cancelAnimationFrame?: (id: number) => void;
}

export type MonthChartMode = 'monthly' | 'cumulative';

export interface MonthChartData {
  months: number[];
  lastYearMonths: number[];
  year: number;
  mode: MonthChartMode;
  /** The year's target: the cumulative view draws the straight pace towards it. */
  target: number | null;
  /** Months of the year that have begun (12 for past years): this year's line stops there. */
  monthsElapsed: number;
  /** Money in 万元 gets decimals on the axis; counts get whole-number ticks. */
  money: boolean;
}

export const CHART_COLORS = { thisYear: '#1f5aa6', lastYear: '#9db4d6', target: '#c0392b' };

// F2's element factory, called directly (no JSX pragma mixing with React's): its generic class
// signatures do not fit its own ElementType, so the factory is given a plain one here.
const h = jsx as unknown as (type: unknown, config: Record<string, unknown>) => { props: unknown };

type Point = { month: string; value: number; series: string };

// Twelve "10月"-wide labels do not fit a phone's card: the axis shows numbers, the title says 月.
const monthLabel = (index: number) => String(index + 1);

/** Chart text in CSS px (F2 takes numbers as they are): small print beside the page's own. */
const LABEL_STYLE = { fontSize: 12, fill: '#6b7280' };

function monthlyPoints({ months, lastYearMonths, year }: MonthChartData): Point[] {
  return months.flatMap((value, i) => [
    { month: monthLabel(i), value, series: `${year}年` },
    { month: monthLabel(i), value: lastYearMonths[i] ?? 0, series: `${year - 1}年` },
  ]);
}

/** Running totals; this year stops at the current month so the line does not run flat into the future. */
function cumulativePoints({ months, lastYearMonths, year, target, monthsElapsed }: MonthChartData): Point[] {
  const points: Point[] = [];
  let thisTotal = 0;
  let lastTotal = 0;
  months.forEach((value, i) => {
    thisTotal += value;
    lastTotal += lastYearMonths[i] ?? 0;
    if (i < monthsElapsed) points.push({ month: monthLabel(i), value: thisTotal, series: `${year}年累计` });
    points.push({ month: monthLabel(i), value: lastTotal, series: `${year - 1}年累计` });
    if (target !== null) {
      points.push({ month: monthLabel(i), value: (target * (i + 1)) / 12, series: '目标进度' });
    }
  });
  return points;
}

/**
 * Draws the month chart with F2 (AntV's charts made for mini-programs) and returns the F2
 * canvas so the caller can destroy it. Animation is off: the chart is redrawn on every change
 * and a screenshot or a tester must see the final picture.
 */
export function drawMonthChart(surface: ChartSurface, data: MonthChartData): Canvas {
  const cumulative = data.mode === 'cumulative';
  const points = cumulative ? cumulativePoints(data) : monthlyPoints(data);
  const series = [...new Set(points.map((p) => p.series))];
  const palette = [CHART_COLORS.thisYear, CHART_COLORS.lastYear, CHART_COLORS.target];
  const colorOf = (name: string) =>
    name === '目标进度' ? CHART_COLORS.target : name.startsWith(String(data.year)) ? palette[0] : palette[1];
  const color = { field: 'series', range: series.map(colorOf) };
  const highest = Math.max(0, ...points.map((p) => p.value));
  // A count axis of 0, 0.4, 0.8 reads as nonsense: counts get whole steps, at least 0–4.
  const valueScale = data.money
    ? { min: 0, nice: true, tickCount: 5 }
    : { min: 0, max: Math.max(4, Math.ceil(highest)), nice: true, tickCount: 5 };
  const formatter = (value: number) =>
    data.money ? String(Math.round(value * 100) / 100) : String(Math.round(value));
  const { props } = h(Canvas, {
    context: surface.context,
    pixelRatio: surface.pixelRatio,
    width: surface.width,
    height: surface.height,
    animate: false,
    requestAnimationFrame: surface.requestAnimationFrame,
    cancelAnimationFrame: surface.cancelAnimationFrame,
    children: h(Chart, {
      data: points,
      scale: { value: { ...valueScale, formatter } },
      children: [
        h(Axis, { field: 'month', style: { label: LABEL_STYLE } }),
        h(Axis, { field: 'value', style: { label: LABEL_STYLE } }),
        cumulative
          ? h(Line, { x: 'month', y: 'value', color })
          : h(Interval, { x: 'month', y: 'value', color, adjust: 'dodge' }),
        h(Legend, {
          position: 'top',
          style: { justifyContent: 'flex-start' },
          nameStyle: { fontSize: 12, fill: '#374151' },
        }),
      ],
    }),
  });
  const chart = new Canvas(props as CanvasProps);
  void chart.render();
  return chart;
}
