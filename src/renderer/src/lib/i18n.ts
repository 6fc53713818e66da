// Every UI string in both languages. The English table defines the keys; the Chinese table must
// have exactly the same ones (the type enforces it).
import type { Lang } from '../../../shared/api';

const en = {
  'app.name': 'D2L Workbench',
  'app.subtitle': 'Dive into Deep Learning · PyTorch edition',
  'nav.label': 'Workbench sections',
  'section.notes': 'Notes',
  'section.experiments': 'Experiments',
  'section.runs': 'Runs',
  'section.toggle': 'Show or hide {name}',
  'notes.empty': 'No notes yet. Study notes for each chapter of the book will be listed here, by chapter.',
  'runs.empty': 'No saved runs yet. Each training run you keep will be listed here, newest first, to pin, compare and export.',
  'experiments.loading': 'Loading experiments…',
  'experiments.offline': 'The experiment list appears once the page is connected to the workbench server.',
  'experiments.failed': 'Could not load the experiments: {message}',
  'experiments.empty': 'The experiment catalog is empty.',
  'chapter.label': 'Chapter {n}',
  'chapter.3': 'Linear Neural Networks',
  'chapter.4': 'Multilayer Perceptrons',
  'welcome.title': 'Welcome',
  'welcome.body': 'Pick an experiment in the sidebar to see what it trains, which book section it follows, and its settings with the book’s defaults.',
  'welcome.count': '{n} experiments from the book are available.',
  'welcome.engine': 'Tensor engine backend: {label}.',
  'card.section': 'Section {section}',
  'card.hyperparameters': 'Hyperparameters',
  'card.col.name': 'Setting',
  'card.col.default': 'Book default',
  'card.col.range': 'Allowed values',
  'card.col.flag': 'Command-line flag',
  'card.kind.int': 'whole number',
  'card.kind.float': 'number',
  'card.logScale': 'log scale',
  'card.plots': 'Plots',
  'card.cli.title': 'Train from the command line',
  'card.cli.body': 'Training from this window comes in a later version. The same experiment runs in a terminal now:',
  'plot.scatter': 'Data and fitted line',
  'plot.loss': 'Loss curve',
  'plot.params': 'Parameters vs truth',
  'plot.curve': 'Fitted curve',
  'plot.weight-norm': 'Weight norm ‖w‖',
  'status.engine': 'Engine',
  'status.engineLoading': 'connecting…',
  'status.engineOffline': 'not connected',
  'status.dataDir': 'Data',
  'status.mode.web': 'Web mode',
  'status.mode.electron': 'Desktop',
  'status.version': 'Version {version}',
  'status.fallback': 'Native backend not in use: {reason}',
  'theme.dark': 'Dark theme',
  'conn.lost': 'Lost the connection to the workbench server.',
  'conn.lostHint': 'If you restarted it, open the new address it printed.',
  'conn.connecting': 'Connecting to the workbench server…',
  'conn.retry': 'Retry',
  'conn.noToken': 'This page was opened without its access token. Open the full address that “d2l-workbench serve” printed.',
  'notice.dismiss': 'Dismiss notice',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'app.name': 'D2L 工作台',
  'app.subtitle': '动手学深度学习 · PyTorch 版',
  'nav.label': '工作台分区',
  'section.notes': '笔记',
  'section.experiments': '实验',
  'section.runs': '运行记录',
  'section.toggle': '展开或收起“{name}”',
  'notes.empty': '还没有笔记。书中各章的学习笔记会按章列在这里。',
  'runs.empty': '还没有保存的运行记录。保留下来的每次训练会按时间倒序列在这里，可以置顶、比较和导出。',
  'experiments.loading': '正在加载实验…',
  'experiments.offline': '连接到工作台服务器后，这里会列出实验。',
  'experiments.failed': '无法加载实验：{message}',
  'experiments.empty': '实验目录是空的。',
  'chapter.label': '第 {n} 章',
  'chapter.3': '线性神经网络',
  'chapter.4': '多层感知机',
  'welcome.title': '欢迎',
  'welcome.body': '在左侧选择一个实验，查看它训练什么、对应书中哪一节，以及按书中默认值给出的各项设置。',
  'welcome.count': '共有 {n} 个来自书中的实验。',
  'welcome.engine': '张量引擎后端：{label}。',
  'card.section': '第 {section} 节',
  'card.hyperparameters': '超参数',
  'card.col.name': '设置',
  'card.col.default': '书中默认值',
  'card.col.range': '允许的取值',
  'card.col.flag': '命令行参数',
  'card.kind.int': '整数',
  'card.kind.float': '实数',
  'card.logScale': '对数刻度',
  'card.plots': '图表',
  'card.cli.title': '在命令行中训练',
  'card.cli.body': '在窗口中训练将在后续版本提供。现在可以在终端里运行同一个实验：',
  'plot.scatter': '数据与拟合直线',
  'plot.loss': '损失曲线',
  'plot.params': '参数与真实值',
  'plot.curve': '拟合曲线',
  'plot.weight-norm': '权重范数 ‖w‖',
  'status.engine': '计算后端',
  'status.engineLoading': '正在连接…',
  'status.engineOffline': '未连接',
  'status.dataDir': '数据目录',
  'status.mode.web': '网页模式',
  'status.mode.electron': '桌面版',
  'status.version': '版本 {version}',
  'status.fallback': '未使用原生后端：{reason}',
  'theme.dark': '深色主题',
  'conn.lost': '与工作台服务器的连接已断开。',
  'conn.lostHint': '如果重启过服务器，请打开它新打印的地址。',
  'conn.connecting': '正在连接工作台服务器…',
  'conn.retry': '重试',
  'conn.noToken': '打开本页时缺少访问令牌。请打开“d2l-workbench serve”打印的完整地址。',
  'notice.dismiss': '关闭通知',
};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, zh };

/** Looks up a string and fills `{name}` placeholders. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Chapter headings known to the UI; unknown chapters fall back to "Chapter N". */
export function chapterTitle(lang: Lang, chapter: string): string {
  const key = `chapter.${chapter}`;
  return key in en ? t(lang, key as MessageKey) : t(lang, 'chapter.label', { n: chapter });
}

/** The names the language switch shows, each in its own language. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', zh: '中文' };
