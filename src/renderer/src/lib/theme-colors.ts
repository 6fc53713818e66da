// Colours the charts use, per theme; chosen to read on the panels' backgrounds in both.
export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  batch: string;
  smoothed: string;
  train: string;
  test: string;
  fit: string;
  truth: string;
  points: string;
  testPoints: string;
  /** One colour per run in Compare. */
  runs: string[];
  /** Confusion-matrix heatmap: empty cell → fullest cell. */
  heat: [string, string];
  /** Cell labels on dark and on light heat cells. */
  heatTextOnDark: string;
  heatTextOnLight: string;
}

const light: ChartColors = {
  text: '#1d2127', muted: '#5b6571', grid: '#e3e7ec',
  batch: 'rgba(36, 88, 211, 0.28)', smoothed: '#2458d3', train: '#d9631e', test: '#1c8a4a',
  fit: '#d9631e', truth: '#5b6571', points: 'rgba(36, 88, 211, 0.55)', testPoints: 'rgba(28, 138, 74, 0.6)',
  runs: ['#2458d3', '#d9631e', '#1c8a4a', '#9b3fc4', '#c23a5b', '#0f8f9b', '#8a6d1c', '#4b5563'],
  heat: ['#f3f6fb', '#1d47ad'], heatTextOnDark: '#ffffff', heatTextOnLight: '#1d2127',
};

const dark: ChartColors = {
  text: '#e3e6eb', muted: '#a0a8b4', grid: '#2c3139',
  batch: 'rgba(107, 156, 255, 0.32)', smoothed: '#6b9cff', train: '#ff9d5c', test: '#4cc47f',
  fit: '#ff9d5c', truth: '#a0a8b4', points: 'rgba(107, 156, 255, 0.6)', testPoints: 'rgba(76, 196, 127, 0.65)',
  runs: ['#6b9cff', '#ff9d5c', '#4cc47f', '#c58af0', '#f07a96', '#4fd0dc', '#e0c060', '#b8c0cc'],
  heat: ['#1f242c', '#6b9cff'], heatTextOnDark: '#e3e6eb', heatTextOnLight: '#0d1526',
};

export function chartColors(isDark: boolean): ChartColors {
  return isDark ? dark : light;
}
