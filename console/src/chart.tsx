import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Band {
  /** Index of the lower and upper series drawn as a filled band. */
  lower: number;
  upper: number;
}

export interface ChartProps {
  title: string;
  /** x (seconds since epoch) then one array per series. */
  data: uPlot.AlignedData;
  series: { label: string; color: string; dash?: number[]; width?: number; points?: boolean }[];
  bands?: Band[];
  height?: number;
  /** Fixed x range (seconds), e.g. the requested period when there are few points. */
  xRange?: [number, number];
}

/** A uPlot time chart sized to its container; redrawn when the data changes. */
export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: props.height ?? 240,
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          dash: s.dash,
          width: s.width ?? 1.5,
          ...(s.points ? { points: { show: true, size: 7 } } : {}),
        })),
      ],
      bands: props.bands?.map((b) => ({
        series: [b.upper + 1, b.lower + 1] as [number, number],
        fill: 'rgba(37,99,235,0.15)',
      })),
      axes: [{}, { size: 60 }],
      ...(props.xRange ? { scales: { x: { time: true, range: props.xRange } } } : {}),
    };
    const plot = new uPlot(opts, props.data, el);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, el.clientWidth), height: opts.height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.data, props.series, props.bands, props.height, props.xRange]);
  return <div ref={box} className="chart" role="img" aria-label={props.title} />;
}
