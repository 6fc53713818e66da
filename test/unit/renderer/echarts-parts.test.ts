// lib/echarts.ts loads ECharts part by part: what an option needs is read from the option itself.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../../src/renderer/src/lib/echarts';

const SOURCE = readFileSync(resolve(import.meta.dirname, '../../../src/renderer/src/lib/echarts.ts'), 'utf8');

describe('ECharts parts', () => {
  it('a cartesian chart needs its series types, the grid and the components its option names', () => {
    const option = {
      legend: { top: 0 }, tooltip: { trigger: 'axis' }, xAxis: { type: 'value' }, yAxis: { type: 'log' },
      dataZoom: [{ type: 'inside' }],
      series: [{ id: 'train', type: 'scatter' }, { id: 'fit', type: 'line' }, { id: 'truth', type: 'line' }],
    };
    expect(partsOf(option).sort()).toEqual(['chart:line', 'chart:scatter', 'component:dataZoom', 'component:grid', 'component:legend', 'component:tooltip']);
  });

  it('the confusion matrix alone needs the heatmap and the visual map; a line chart needs neither', () => {
    expect(partsOf({ xAxis: {}, yAxis: {}, visualMap: { min: 0 }, series: [{ type: 'heatmap' }] }).sort())
      .toEqual(['chart:heatmap', 'component:grid', 'component:visualMap']);
    expect(partsOf({ xAxis: {}, yAxis: {}, series: { type: 'line' } })).toEqual(['chart:line', 'component:grid']);
  });

  it('refuses a series type that is not assembled, naming it and the ones that are', () => {
    expect(() => partsOf({ series: [{ type: 'pie' }] })).toThrow('chart type "pie" is not assembled in lib/echarts.ts; assembled: line, scatter, heatmap');
  });

  it('every part it loads is an export of its ECharts barrel', async () => {
    const parts = [...SOURCE.matchAll(/virtual:echarts-part\/(\w+)\/(\w+)/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(parts.length).toBeGreaterThanOrEqual(9);
    for (const [barrel, name] of parts) {
      const mod = (await import(`echarts/${barrel}`)) as Record<string, unknown>;
      expect(mod[name], `${name} from echarts/${barrel}`).toBeDefined();
    }
  });
});
