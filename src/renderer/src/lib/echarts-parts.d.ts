// One ECharts part (a chart type, component or renderer) as its own module: see lib/echarts.ts and
// the `echartsParts` plugin in electron.vite.config.ts.
declare module 'virtual:echarts-part/*' {
  const part: Parameters<typeof import('echarts/core').use>[0];
  export default part;
}
