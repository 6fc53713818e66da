// Which component draws each kind of plot an experiment spec lists, fed from one input, so the
// experiment panel has no branch per plot: it draws the spec's plots area by area. A new kind of
// plot is a chart component and one entry here (and its title strings in lib/i18n.ts).
import type { Component } from 'svelte';
import type { Lang } from '../../../../shared/api';
import type { PlotKind } from '../../../../shared/experiment-spec';
import type { DatasetSamples } from '../../../../shared/datasets';
import type { ChartData } from '../../lib/chart-data';
import { t } from '../../lib/i18n';
import AccuracyChart from '../charts/AccuracyChart.svelte';
import ActivationChart from '../charts/ActivationChart.svelte';
import ConfusionChart from '../charts/ConfusionChart.svelte';
import DataChart from '../charts/DataChart.svelte';
import LossChart from '../charts/LossChart.svelte';
import KernelTraceChart from '../charts/KernelTraceChart.svelte';
import WeightNormChart from '../charts/WeightNormChart.svelte';
import FeatureMaps from '../conv/FeatureMaps.svelte';
import KernelImages from '../conv/KernelImages.svelte';
import MatrixTables from '../conv/MatrixTables.svelte';
import ImageGrid from '../classify/ImageGrid.svelte';
import ParamReadout from '../ParamReadout.svelte';

/** What every plot may draw from: the run shown (live or saved) and its experiment's plots. */
export interface PlotInput {
  lang: Lang;
  dark: boolean;
  charts: ChartData;
  plots: ReadonlySet<PlotKind>;
  /** Epochs the run was asked for (the x range of per-epoch charts). */
  epochs: number;
  stepsPerEpoch: number;
  /** The training images to show before a run has sent its own (the dataset preview). */
  previewImages: DatasetSamples | undefined;
}

/** Where a plot sits: above the chart grid, in the grid (side by side), or full width below it. */
export type PlotArea = 'top' | 'grid' | 'below';

export interface PlotView {
  kind: PlotKind;
  area: PlotArea;
  /** Erased to one props type here; `view()` checks each component against the props it is given. */
  component: Component<Record<string, unknown>>;
  props: (input: PlotInput) => Record<string, unknown>;
}

function view<P extends Record<string, unknown>>(kind: PlotKind, area: PlotArea, component: Component<P>, props: (input: PlotInput) => P): PlotView {
  return { kind, area, component: component as unknown as Component<Record<string, unknown>>, props };
}

/** In the order the panel lays them out. `curve` has no view of its own: it adds the true function to the scatter. */
const VIEWS: readonly PlotView[] = [
  view('activation', 'top', ActivationChart, (i) => ({ lang: i.lang, dark: i.dark, curves: i.charts.dataset?.activations })),
  view('matrices', 'top', MatrixTables, (i) => ({ lang: i.lang, matrices: i.charts.dataset?.matrices })),
  view('kernel-trace', 'grid', KernelTraceChart, (i) => ({ lang: i.lang, dark: i.dark, trace: i.charts.dataset?.kernelTrace })),
  view('scatter', 'grid', DataChart, (i) => ({ lang: i.lang, dark: i.dark, data: i.charts, curve: i.plots.has('curve') })),
  view('loss', 'grid', LossChart, (i) => ({ lang: i.lang, dark: i.dark, data: i.charts, stepsPerEpoch: i.stepsPerEpoch })),
  view('accuracy', 'grid', AccuracyChart, (i) => ({ lang: i.lang, dark: i.dark, epochs: i.charts.epochs, totalEpochs: i.epochs })),
  view('weight-norm', 'grid', WeightNormChart, (i) => ({ lang: i.lang, dark: i.dark, epochs: i.charts.epochs })),
  view('images', 'below', ImageGrid, (i) => ({
    lang: i.lang, dark: i.dark, title: t(i.lang, 'plot.images'), samples: i.charts.dataset?.images ?? i.previewImages,
    columns: 9, waiting: t(i.lang, 'images.waiting'),
  })),
  view('predictions', 'below', ImageGrid, (i) => ({
    lang: i.lang, dark: i.dark, title: t(i.lang, 'plot.predictions'), samples: i.charts.classification?.predictions,
    predicted: i.charts.classification?.predictions.predicted ?? [], columns: 9, waiting: t(i.lang, 'predictions.waiting'),
  })),
  view('kernels', 'below', KernelImages, (i) => ({ lang: i.lang, kernels: i.charts.dataset?.kernels })),
  view('feature-maps', 'below', FeatureMaps, (i) => ({ lang: i.lang, maps: i.charts.dataset?.featureMaps })),
  view('confusion', 'below', ConfusionChart, (i) => ({ lang: i.lang, dark: i.dark, report: i.charts.classification })),
  view('params', 'below', ParamReadout, (i) => ({ lang: i.lang, params: i.charts.params, truth: i.charts.dataset?.truth })),
];

/** The views of `plots` that sit in `area`, in layout order. */
export function viewsIn(plots: ReadonlySet<PlotKind>, area: PlotArea): PlotView[] {
  return VIEWS.filter((v) => v.area === area && plots.has(v.kind));
}
