import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Canvas as TaroCanvas, View } from '@tarojs/components';
import type { Canvas } from '@antv/f2';
import { drawMonthChart, type ChartSurface, type MonthChartData } from './month-chart-draw';
import './month-chart.scss';

export interface MonthChartProps extends MonthChartData {
  /** Unique per page: the mini-program finds the canvas node by it. */
  id: string;
}

type WeappCanvasNode = {
  width: number;
  height: number;
  getContext: (kind: '2d') => CanvasRenderingContext2D;
  requestAnimationFrame: (callback: () => void) => number;
  cancelAnimationFrame: (id: number) => void;
};
type NodeQueryResult = { node?: WeappCanvasNode; width: number; height: number } | null;

/** Gives a freshly sized canvas the device's pixel ratio, so lines are sharp on phones. */
function pixelRatio(): number {
  return Taro.getSystemInfoSync().pixelRatio || 1;
}

/**
 * This year's months beside last year's (or the running totals against the target's pace),
 * drawn by F2 on a 2d canvas. The numbers themselves are listed under the chart as links, so
 * nothing depends on tapping a bar.
 *
 * Why two surfaces: in the H5 build Taro's <Canvas> is a web component that creates its inner
 * <canvas> only after React's effects have run, and resets that canvas's width and height to
 * its CSS size on every re-render of the component, which wipes the drawing and drops the pixel
 * ratio: the chart came out blank. H5 therefore draws on a plain <canvas> React owns; the
 * mini-program draws on the 2d canvas node WeChat hands out through a selector query.
 */
export function MonthChart(props: MonthChartProps) {
  return process.env.TARO_ENV === 'h5' ? <BrowserMonthChart {...props} /> : <WeappMonthChart {...props} />;
}

function BrowserMonthChart({ id, ...data }: MonthChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const ref = useRef<HTMLCanvasElement>(null);
  const { months, lastYearMonths, year, mode, target, monthsElapsed, money } = data;

  useEffect(() => {
    const element = ref.current;
    const frame = box.current;
    if (!element || !frame) return undefined;
    let chart: Canvas | null = null;
    let drawnWidth = 0;
    // The box is measured, not the canvas: F2 pins the canvas's CSS size to what it drew.
    const draw = () => {
      const { width, height } = frame.getBoundingClientRect();
      if (!width || !height || width === drawnWidth) return;
      drawnWidth = width;
      chart?.destroy();
      const ratio = window.devicePixelRatio || 1;
      element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
      const context = element.getContext('2d');
      if (!context) return;
      const surface: ChartSurface = { context, width, height, pixelRatio: ratio };
      chart = drawMonthChart(surface, { months, lastYearMonths, year, mode, target, monthsElapsed, money });
    };
    draw();
    // The desk layout settles (side bar, fonts) after the first paint, and windows are resized.
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => draw()) : null;
    observer?.observe(frame);
    return () => {
      observer?.disconnect();
      chart?.destroy();
    };
  }, [months, lastYearMonths, year, mode, target, monthsElapsed, money]);

  return (
    <View className="ah-month-chart">
      <div ref={box} className="ah-month-chart__canvas">
        <canvas ref={ref} id={id} className="ah-month-chart__surface" data-testid="month-chart" />
      </div>
    </View>
  );
}

/** Attempts at finding the canvas node: the page may still be applying its first setData. */
const NODE_ATTEMPTS = 5;

function WeappMonthChart({ id, ...data }: MonthChartProps) {
  const { months, lastYearMonths, year, mode, target, monthsElapsed, money } = data;

  useEffect(() => {
    let chart: Canvas | null = null;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const draw = (attempt: number) =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: NodeQueryResult[]) => {
          if (cancelled) return;
          const info = res?.[0];
          const node = info?.node;
          if (!node || !info.width) {
            if (attempt < NODE_ATTEMPTS) timer = setTimeout(() => draw(attempt + 1), 100 * attempt);
            return;
          }
          const ratio = pixelRatio();
          node.width = Math.round(info.width * ratio);
          node.height = Math.round(info.height * ratio);
          chart = drawMonthChart(
            {
              context: node.getContext('2d'),
              width: info.width,
              height: info.height,
              pixelRatio: ratio,
              requestAnimationFrame: (callback) => node.requestAnimationFrame(callback),
              cancelAnimationFrame: (handle) => node.cancelAnimationFrame(handle),
            },
            { months, lastYearMonths, year, mode, target, monthsElapsed, money },
          );
        });
    // The canvas node exists once the page has applied this render.
    Taro.nextTick(() => draw(1));
    return () => {
      cancelled = true;
      clearTimeout(timer);
      chart?.destroy();
    };
  }, [id, months, lastYearMonths, year, mode, target, monthsElapsed, money]);

  return (
    <View className="ah-month-chart">
      <TaroCanvas type="2d" id={id} canvasId={id} className="ah-month-chart__canvas" />
    </View>
  );
}
