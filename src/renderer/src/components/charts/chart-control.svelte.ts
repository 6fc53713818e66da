// The link between a figure's keyboard controls and the ECharts instance its Chart owns. The figure
// creates one and puts it in context; the Chart inside (however deep) attaches its instance. Both
// directions stay in step: a key press dispatches the legend or dataZoom action, and a mouse click
// on the legend or a wheel zoom updates the state the buttons show.
import { getContext, setContext } from 'svelte';
import type { ChartInstance, ChartOption } from '../../lib/echarts';
import { FULL_ZOOM, zoomStep, type ZoomWindow } from '../../lib/chart-table';

const KEY = Symbol('chart-control');

interface LegendEvent {
  selected?: Record<string, boolean>;
}
interface ZoomEvent {
  start?: number;
  end?: number;
  batch?: Array<{ start?: number; end?: number }>;
}

export type ZoomAction = 'in' | 'out' | 'left' | 'right' | 'reset';

export class ChartControl {
  /** Legend names the reader has hidden. */
  hidden = $state.raw<ReadonlySet<string>>(new Set());
  zoom = $state.raw<ZoomWindow>(FULL_ZOOM);
  #instance: ChartInstance | undefined;
  readonly #zoomable: () => boolean;

  constructor(zoomable: () => boolean) {
    this.#zoomable = zoomable;
  }

  attach(instance: ChartInstance): void {
    this.#instance = instance;
    const onLegend = (e: unknown): void => {
      const selected = (e as LegendEvent).selected;
      if (selected) this.hidden = new Set(Object.keys(selected).filter((name) => selected[name] === false));
    };
    instance.on('legendselectchanged', onLegend);
    instance.on('legendselected', onLegend);
    instance.on('legendunselected', onLegend);
    instance.on('datazoom', (e: unknown) => {
      const z = e as ZoomEvent;
      const w = z.batch?.[0] ?? z;
      if (typeof w.start === 'number' && typeof w.end === 'number') this.zoom = { start: w.start, end: w.end };
    });
  }

  detach(): void {
    this.#instance = undefined;
  }

  /**
   * The option as drawn: a chart without its own dataZoom gets one the keyboard drives, with the
   * mouse wheel left to scroll the page.
   */
  withZoom(option: ChartOption): ChartOption {
    if (!this.#zoomable() || option.dataZoom !== undefined) return option;
    // Every x axis by index (ECharts 6 failed to find an axis proxy for xAxisIndex 'all' here).
    const axes = Array.isArray(option.xAxis) ? option.xAxis.length : option.xAxis === undefined ? 0 : 1;
    if (axes === 0) return option;
    const xAxisIndex = Array.from({ length: axes }, (_, i) => i);
    return { ...option, dataZoom: [{ type: 'inside', xAxisIndex, filterMode: 'none', zoomOnMouseWheel: false, moveOnMouseMove: false, moveOnMouseWheel: false }] };
  }

  /** A new option (notMerge) forgets legend selection and zoom: apply the reader's choices again. */
  reapply(): void {
    const chart = this.#instance;
    if (!chart) return;
    const hidden = this.hidden;
    for (const name of hidden) chart.dispatchAction({ type: 'legendUnSelect', name });
    const z = this.zoom;
    if (this.#zoomable() && (z.start !== FULL_ZOOM.start || z.end !== FULL_ZOOM.end)) chart.dispatchAction({ type: 'dataZoom', start: z.start, end: z.end });
  }

  /** Forgets hidden names the chart no longer has (its series were renamed by a language switch). */
  keepOnly(names: ReadonlySet<string>): void {
    const kept = [...this.hidden].filter((name) => names.has(name));
    if (kept.length !== this.hidden.size) this.hidden = new Set(kept);
  }

  toggle(name: string): void {
    const next = new Set(this.hidden);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    this.hidden = next;
    this.#instance?.dispatchAction({ type: next.has(name) ? 'legendUnSelect' : 'legendSelect', name });
  }

  zoomBy(action: ZoomAction): void {
    const next = zoomStep(this.zoom, action);
    this.zoom = next;
    this.#instance?.dispatchAction({ type: 'dataZoom', start: next.start, end: next.end });
  }
}

export function provideChartControl(control: ChartControl): void {
  setContext(KEY, control);
}

/** The enclosing figure's control, if the chart sits in a ChartFigure. */
export function chartControl(): ChartControl | undefined {
  return getContext<ChartControl | undefined>(KEY);
}
