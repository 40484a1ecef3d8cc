import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { Canvas as TaroCanvas, View } from '@tarojs/components';
import { Axis, Canvas, Chart, Interval, Legend, jsx, type CanvasProps } from '@antv/f2';
import './month-chart.scss';

export interface MonthChartProps {
  /** Unique per page: the canvas is found by it. */
  id: string;
  months: number[];
  lastYearMonths: number[];
  year: number;
}

// F2's element factory, called directly (no JSX pragma mixing with React's): its generic class
// signatures do not fit its own ElementType, so the factory is given a plain one here.
const h = jsx as unknown as (type: unknown, config: Record<string, unknown>) => { props: unknown };

type CanvasNode = { width: number; height: number; getContext: (kind: '2d') => unknown };
type QueryResult = { node?: unknown; width: number; height: number } | null;

/** The weapp 2d canvas node, or in H5 the <canvas> Taro renders inside its canvas element. */
function canvasOf(node: unknown): CanvasNode | null {
  if (!node || typeof node !== 'object') return null;
  if ('getContext' in node) return node as CanvasNode;
  const inner = (node as { querySelector?: (s: string) => unknown }).querySelector?.('canvas');
  return inner ? (inner as CanvasNode) : null;
}

/**
 * This year's months beside last year's, drawn by F2 (AntV's charts for mini-programs) on a
 * 2d canvas, which both WeChat and the H5 build provide. The numbers themselves are listed
 * under the chart as links, so nothing depends on tapping a bar.
 */
export function MonthChart({ id, months, lastYearMonths, year }: MonthChartProps) {
  useEffect(() => {
    let chart: Canvas | null = null;
    let cancelled = false;
    const draw = () =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: QueryResult[]) => {
          let info: QueryResult = res?.[0] ?? null;
          let canvas = canvasOf(info?.node);
          if (!canvas && process.env.TARO_ENV === 'h5') {
            // Taro's H5 query answers without the node: the element carries the id, the drawing
            // surface is the <canvas> inside it.
            const element = document.getElementById(id);
            canvas = canvasOf(element);
            const box = element?.getBoundingClientRect();
            if (box) info = { width: box.width, height: box.height };
          }
          if (cancelled || !info || !canvas || !info.width) return;
          const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 1;
          canvas.width = info.width * pixelRatio;
          canvas.height = info.height * pixelRatio;
          const data = months.flatMap((value, i) => [
            { month: `${i + 1}月`, value, series: `${year}年` },
            { month: `${i + 1}月`, value: lastYearMonths[i] ?? 0, series: `${year - 1}年` },
          ]);
          const { props } = h(Canvas, {
            context: canvas.getContext('2d'),
            pixelRatio,
            width: info.width,
            height: info.height,
            animate: false,
            children: h(Chart, {
              data,
              children: [
                h(Axis, { field: 'month', style: { label: { fontSize: 18 } } }),
                h(Axis, { field: 'value', tickCount: 4 }),
                h(Interval, {
                  x: 'month',
                  y: 'value',
                  color: { field: 'series', range: ['#1f5aa6', '#c5d3e8'] },
                  adjust: 'dodge',
                }),
                h(Legend, { position: 'top' }),
              ],
            }),
          });
          chart = new Canvas(props as CanvasProps);
          void chart.render();
        });
    // The canvas exists once the page has rendered this frame.
    Taro.nextTick(draw);
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [id, months, lastYearMonths, year]);

  return (
    <View className="ah-month-chart">
      <TaroCanvas type="2d" id={id} canvasId={id} className="ah-month-chart__canvas" />
    </View>
  );
}
