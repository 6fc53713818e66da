// The one place ECharts is assembled. None of it is in the first chunk: the core (with the canvas
// renderer) loads with the first chart drawn, and each chart type and component the first time an
// option uses it, so the experiment list never waits for ECharts and the regression panels never
// load the classifiers' heatmap. Only the parts the workbench draws are listed here (importing
// `echarts` whole would ship all of ECharts, 2.7 MB).
//
// `virtual:echarts-part/<barrel>/<name>` is `export { <name> as default } from 'echarts/<barrel>'`
// (a few lines in electron.vite.config.ts): ECharts exports its parts only through barrels, and a
// module per part is what lets the bundler give each part its own chunk.
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { cachedPromise } from './promise-cache';

export type ChartOption = EChartsCoreOption;
export type ChartInstance = ECharts;
type Core = typeof import('echarts/core');
type Extension = Parameters<Core['use']>[0];

/** Series types, by the `type` a series names. */
const CHARTS: Record<string, () => Promise<{ default: Extension }>> = {
  line: () => import('virtual:echarts-part/charts/LineChart'),
  scatter: () => import('virtual:echarts-part/charts/ScatterChart'),
  heatmap: () => import('virtual:echarts-part/charts/HeatmapChart'),
};

/** Components, by the option key that asks for them (cartesian axes live in the grid component). */
const COMPONENTS: Record<string, () => Promise<{ default: Extension }>> = {
  grid: () => import('virtual:echarts-part/components/GridComponent'),
  tooltip: () => import('virtual:echarts-part/components/TooltipComponent'),
  legend: () => import('virtual:echarts-part/components/LegendComponent'),
  dataZoom: () => import('virtual:echarts-part/components/DataZoomComponent'),
  visualMap: () => import('virtual:echarts-part/components/VisualMapComponent'),
};

const RENDERER = (): Promise<{ default: Extension }> => import('virtual:echarts-part/renderers/CanvasRenderer');

/** The parts `option` needs: `chart:<type>` per series type, `component:<key>` per component. */
export function partsOf(option: ChartOption): string[] {
  const parts = new Set<string>();
  const series: unknown[] = option.series === undefined ? [] : Array.isArray(option.series) ? option.series : [option.series];
  for (const s of series) {
    const type = String((s as { type?: unknown }).type);
    if (!Object.hasOwn(CHARTS, type)) {
      throw new Error(`chart type "${type}" is not assembled in lib/echarts.ts; assembled: ${Object.keys(CHARTS).join(', ')}`);
    }
    parts.add(`chart:${type}`);
  }
  if (option.xAxis !== undefined || option.yAxis !== undefined || option.grid !== undefined) parts.add('component:grid');
  for (const key of Object.keys(COMPONENTS)) if (option[key] !== undefined) parts.add(`component:${key}`);
  return [...parts];
}

const loads = new Map<string, Promise<Extension>>();

/** Each part's code is fetched once; a failed fetch (say, a chunk gone after an update) is retried next time. */
function load(part: string, importer: () => Promise<{ default: Extension }>): Promise<Extension> {
  return cachedPromise(loads, part, () => importer().then((m) => m.default));
}

function importerOf(part: string): () => Promise<{ default: Extension }> {
  const [kind, name] = part.split(':') as [string, string];
  return (kind === 'chart' ? CHARTS : COMPONENTS)[name]!;
}

/** ECharts with the renderer and everything `option` draws registered; parts load in parallel. */
export async function echartsFor(option: ChartOption): Promise<Core> {
  const parts = partsOf(option);
  const [echarts, ...extensions] = await Promise.all([
    import('echarts/core'),
    load('renderer:canvas', RENDERER),
    ...parts.map((p) => load(p, importerOf(p))),
  ]);
  // `use` skips what it has already installed.
  for (const extension of extensions) echarts.use(extension);
  return echarts;
}
