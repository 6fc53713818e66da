// The book's chapter titles, shared by the experiment list and the notes tree.

export const en = {
  'chapter.label': 'Chapter {n}',
  'chapter.0': 'Installation',
  'chapter.1': 'Introduction',
  'chapter.2': 'Preliminaries',
  'chapter.3': 'Linear Neural Networks',
  'chapter.4': 'Multilayer Perceptrons',
  'chapter.5': 'Deep Learning Computation',
  'chapter.6': 'Convolutional Neural Networks',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'chapter.label': '第 {n} 章',
  'chapter.0': '安装',
  'chapter.1': '引言',
  'chapter.2': '预备知识',
  'chapter.3': '线性神经网络',
  'chapter.4': '多层感知机',
  'chapter.5': '深度学习计算',
  'chapter.6': '卷积神经网络',
};
