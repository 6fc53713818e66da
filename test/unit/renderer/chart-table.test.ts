// Charts as data (issue 21 item 4): the tables, CSV, summaries and keyboard zoom steps the chart
// figures offer, computed without a canvas.
import { describe, expect, it } from 'vitest';
import {
  csvFileName,
  formatCell,
  formatSummaryNumber,
  mergeByX,
  pointsBySeries,
  tablePage,
  toCsv,
  zoomStep,
  FULL_ZOOM,
} from '../../../src/renderer/src/lib/chart-table';
import {
  compareDescription,
  confusionDescription,
  linesDescription,
  linesSummary,
  lossDescription,
  scatterDescription,
} from '../../../src/renderer/src/lib/chart-descriptions';
import { lossSeries } from '../../../src/renderer/src/lib/loss-series';

describe('chart tables', () => {
  it('merges line series on their x values, empty where a series has no point, and leaves hidden series out', () => {
    const series = [
      { name: 'a', points: [[0, 1], [1, 2]] as [number, number][] },
      { name: 'b', points: [[1, 5], [2, 6]] as [number, number][] },
    ];
    expect(mergeByX('x', series)).toEqual({
      columns: ['x', 'a', 'b'],
      rows: [[0, 1, null], [1, 2, 5], [2, null, 6]],
    });
    expect(mergeByX('x', series, new Set(['a']))).toEqual({ columns: ['x', 'b'], rows: [[1, 5], [2, 6]] });
  });

  it('hides every column of a legend entry that owns several (a compared run’s steps and epochs)', () => {
    const d = compareDescription('en', 'Loss curves', [
      { label: 'run A', smoothed: [[0.5, 2]], epochs: [[1, 1.5]] },
      { label: 'run B', smoothed: [[0.5, 3]], epochs: [[1, 2.5]] },
    ]);
    expect(d.series.map((s) => s.name)).toEqual(['run A', 'run B']);
    expect(d.table(new Set()).columns).toEqual(['epoch', 'run A: smoothed batch loss', 'run A: epoch loss', 'run B: smoothed batch loss', 'run B: epoch loss']);
    expect(d.table(new Set(['run A']))).toEqual({
      columns: ['epoch', 'run B: smoothed batch loss', 'run B: epoch loss'],
      rows: [[0.5, 3, null], [1, null, 2.5]],
    });
    expect(d.summary).toBe('Loss curves: 2 series, epoch 1 to 1. Latest: run A 1.5 at epoch 1; run B 2.5 at epoch 1.');
  });

  it('lists scatter points one per row with their series', () => {
    const t = pointsBySeries(['series', 'x', 'y'], [
      { name: 'Train', points: [[1, 2], [3, 4]] },
      { name: 'Test', points: [[5, 6]] },
    ]);
    expect(t.rows).toEqual([['Train', 1, 2], ['Train', 3, 4], ['Test', 5, 6]]);
    expect(pointsBySeries(['s', 'x', 'y'], [{ name: 'Train', points: [[1, 2]] }], new Set(['Train'])).rows).toEqual([]);
  });

  it('writes RFC 4180 CSV at full precision, quoting what needs it', () => {
    const csv = toCsv({ columns: ['x', 'say "hi", please'], rows: [[0.1 + 0.2, 'a,b'], [1e-7, null]] });
    expect(csv).toBe('x,"say ""hi"", please"\r\n0.30000000000000004,"a,b"\r\n1e-7,\r\n');
  });

  it('formats cells and summary numbers without trailing zeros', () => {
    expect(formatCell(0.000102345678)).toBe('0.000102346');
    expect(formatCell(null)).toBe('—');
    expect(formatCell('cat')).toBe('cat');
    expect(formatSummaryNumber(0.00010203)).toBe('0.000102');
    expect(formatSummaryNumber(2)).toBe('2');
  });

  it('names CSV files after the title in any script', () => {
    expect(csvFileName('Loss curve')).toBe('loss-curve');
    expect(csvFileName('损失曲线')).toBe('损失曲线');
    expect(csvFileName('Weight norm ‖w‖')).toBe('weight-norm-w');
    expect(csvFileName('‖‖')).toBe('chart');
  });

  it('pages long tables and clamps the page into range', () => {
    const table = { columns: ['i'], rows: Array.from({ length: 250 }, (_, i) => [i]) };
    expect(tablePage(table, 0)).toMatchObject({ page: 0, pages: 3, first: 1, last: 100, total: 250 });
    const last = tablePage(table, 9);
    expect(last).toMatchObject({ page: 2, first: 201, last: 250 });
    expect(last.rows[0]).toEqual([200]);
    expect(tablePage({ columns: ['i'], rows: [] }, 0)).toMatchObject({ pages: 1, first: 0, last: 0, total: 0 });
  });
});

describe('chart summaries', () => {
  it('says what is plotted, the x range and each series’ latest value, in both languages', () => {
    const series = [
      { name: 'train loss', points: [[1, 0.05], [2, 0.0004], [3, 0.00010213]] as [number, number][] },
      { name: 'test loss', points: [] as [number, number][] },
    ];
    expect(linesSummary('en', 'Loss per epoch', 'epoch', series)).toBe('Loss per epoch: 1 series, epoch 1 to 3. Latest: train loss 0.0001021 at epoch 3.');
    expect(linesSummary('zh', '每轮损失', '轮', series)).toBe('每轮损失：1 条曲线，轮 从 1 到 3。最新：train loss 在 轮 3 时为 0.0001021。');
    expect(linesSummary('en', 'Loss', 'epoch', [])).toBe('Loss: nothing plotted yet.');
  });

  it('describes the loss chart with the step of every row, from the series the chart draws', () => {
    const steps = [1, 2, 3, 4].map((step) => ({ step, loss: 1 / step }));
    const s = lossSeries(steps, [{ epoch: 1, loss: 0.6 }, { epoch: 2, loss: 0.3 }], 2, 0, true);
    const d = lossDescription('en', 'Loss curve', [
      { name: 'Batch loss', points: s.batch },
      { name: 'Train loss (epoch)', points: s.train },
    ], 2);
    expect(d.series.map((x) => x.name)).toEqual(['Batch loss', 'Train loss (epoch)']);
    expect(d.zoom).toBe(true);
    expect(d.fileName).toBe('loss-curve');
    const table = d.table(new Set());
    expect(table.columns).toEqual(['epoch', 'step', 'Batch loss', 'Train loss (epoch)']);
    expect(table.rows).toEqual([[0.5, 1, 1, null], [1, 2, 0.5, 0.6], [1.5, 3, 1 / 3, null], [2, 4, 0.25, 0.3]]);
    expect(toCsv(table).split('\r\n')[2]).toBe('1,2,0.5,0.6');
    expect(d.summary).toBe('Loss curve: 2 series, epoch 0.5 to 2. Latest: Batch loss 0.25 at epoch 2; Train loss (epoch) 0.3 at epoch 2.');
  });

  it('describes scatter data with its ranges and the model line', () => {
    const d = scatterDescription('en', 'Data and fitted line', { x: 'x', y: 'y' }, [
      { name: 'Data', points: [[-1, 5], [2, -3]] },
      { name: 'Model', points: [[-1, 4], [2, -2]] },
    ], { slope: -2, intercept: 2 });
    expect(d.summary).toBe('Data and fitted line: 2 points, x -1 to 2, y -3 to 5. Model line: slope -2, intercept 2.');
    expect(d.table(new Set()).rows).toEqual([['Data', -1, 5], ['Data', 2, -3], ['Model', -1, 4], ['Model', 2, -2]]);
  });

  it('gives the full confusion matrix with true classes as row headers and predictions as columns', () => {
    const labels = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const confusion = labels.map((_, r) => labels.map((__, c) => (r === c ? 90 : r + c)));
    const d = confusionDescription('en', 'Confusion matrix', labels, confusion, 900, 1710, '52.6%');
    const table = d.table(new Set());
    expect(table.columns).toEqual(['true \\ predicted', ...labels]);
    expect(table.rows).toHaveLength(10);
    expect(table.rows[3]).toEqual(['c3', 3, 4, 5, 90, 7, 8, 9, 10, 11, 12]);
    expect(d.series).toEqual([]);
    expect(d.zoom).toBe(false);
    expect(d.summary).toContain('10 × 10');
    expect(d.summary).toContain('900 of 1710 correct (52.6%)');
  });

  it('has a legend entry per series name, in order, once', () => {
    const d = linesDescription('en', 'K', 'step', [
      { name: 'K[0, 0]', color: '#111', points: [[1, 0.5]] },
      { name: 'K[0, 1]', color: '#222', points: [[1, -0.5]] },
    ]);
    expect(d.series).toEqual([{ name: 'K[0, 0]', color: '#111' }, { name: 'K[0, 1]', color: '#222' }]);
  });
});

describe('keyboard zoom', () => {
  it('halves and doubles the window around its centre, pans by a quarter, and stays inside the axis', () => {
    const half = zoomStep(FULL_ZOOM, 'in');
    expect(half).toEqual({ start: 25, end: 75 });
    expect(zoomStep(half, 'left')).toEqual({ start: 12.5, end: 62.5 });
    expect(zoomStep({ start: 0, end: 50 }, 'left')).toEqual({ start: 0, end: 50 });
    expect(zoomStep({ start: 60, end: 100 }, 'right')).toEqual({ start: 60, end: 100 });
    expect(zoomStep({ start: 70, end: 90 }, 'out')).toEqual({ start: 60, end: 100 });
    expect(zoomStep(half, 'out')).toEqual(FULL_ZOOM);
    expect(zoomStep(half, 'reset')).toEqual(FULL_ZOOM);
    let w = FULL_ZOOM;
    for (let i = 0; i < 20; i++) w = zoomStep(w, 'in');
    expect(w.end - w.start).toBeGreaterThanOrEqual(1);
  });
});
