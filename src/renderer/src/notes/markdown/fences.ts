// Fenced-block conventions of the notes (see notes/README.md):
//   ```python tab=PyTorch  +  ```ts tab=engine   consecutive tabbed fences form one tab set
//   ```run linreg-concise epochs=3 lr=0.03        a run card for a catalog experiment
//   ```chart normal-distributions                 a chart the renderer draws
//   ```demo 2-1-broadcasting                      a live engine snippet (notes/demos/<id>.ts) with Run
//   ```program softmax-concise                    the experiment's whole PyTorch program
// Run cards, charts, demos and programs become empty placeholders carrying data-* attributes; NotesView mounts the
// interactive components into them after the HTML is in the page.
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { highlightCode } from './highlight';

export const KNOWN_CHARTS = ['normal-distributions'] as const;

export interface FenceInfo {
  lang: string;
  /** The first bare word after the language (`run <experiment>`, `chart <name>`). */
  arg: string | undefined;
  attrs: Record<string, string>;
}

export interface NotesEnv {
  idPrefix: string;
  tabSets: number;
  runCards: number;
}

const ATTR = /([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))|(\S+)/g;

export function parseFenceInfo(info: string): FenceInfo {
  const trimmed = info.trim();
  const space = trimmed.search(/\s/);
  const lang = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : trimmed.slice(space + 1);
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  let arg: string | undefined;
  for (const m of rest.matchAll(ATTR)) {
    if (m[1]) attrs[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
    else if (arg === undefined) arg = m[5];
  }
  return { lang, arg, attrs };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Tab {
  name: string;
  lang: string;
  code: string;
}

/** Merges runs of adjacent tabbed fences into one `nb_tabs` token. */
function groupTabs(state: StateCore): void {
  const out: Token[] = [];
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const info = t.type === 'fence' ? parseFenceInfo(t.info) : undefined;
    if (!info?.attrs.tab) {
      out.push(t);
      continue;
    }
    const tabs: Tab[] = [];
    let j = i;
    while (j < tokens.length) {
      const u = tokens[j]!;
      const ui = u.type === 'fence' && u.level === t.level ? parseFenceInfo(u.info) : undefined;
      if (!ui?.attrs.tab) break;
      tabs.push({ name: ui.attrs.tab.slice(0, 40), lang: ui.lang, code: u.content });
      j++;
    }
    const group = new state.Token('nb_tabs', 'div', 0);
    group.block = true;
    group.level = t.level;
    group.map = t.map;
    group.meta = { tabs };
    out.push(group);
    i = j - 1;
  }
  state.tokens = out;
}

function renderTabs(tabs: Tab[], env: NotesEnv): string {
  const set = env.tabSets++;
  const id = (kind: string, k: number): string => `${env.idPrefix}${kind}-${set}-${k}`;
  const buttons = tabs
    .map((tab, k) =>
      `<button type="button" role="tab" class="nb-tab" id="${id('tab', k)}" aria-controls="${id('panel', k)}" aria-selected="${k === 0}" tabindex="${k === 0 ? 0 : -1}" data-tab="${esc(tab.name)}">${esc(tab.name)}</button>`,
    )
    .join('');
  const panels = tabs
    .map((tab, k) => `<div role="tabpanel" class="nb-tabpanel" id="${id('panel', k)}" aria-labelledby="${id('tab', k)}"${k === 0 ? '' : ' hidden'}>${highlightCode(tab.code, tab.lang)}</div>`)
    .join('');
  const label = tabs.map((t) => t.name).join(' / ');
  return `<div class="nb-tabs"><div class="nb-tablist" role="tablist" aria-label="${esc(label)}">${buttons}</div>${panels}</div>\n`;
}

const EXPERIMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const HP_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function renderRun(info: FenceInfo, env: NotesEnv): string {
  if (!info.arg || !EXPERIMENT_ID.test(info.arg)) {
    return `<p class="nb-problem warn-box">run card: "${esc(info.arg ?? '')}" is not an experiment id</p>\n`;
  }
  const hp: string[] = [];
  // `mode=step` makes the card open the experiment's step mode (book 4.7) instead of training.
  const mode = info.attrs.mode;
  if (mode !== undefined && mode !== 'step') return `<p class="nb-problem warn-box">run card: mode "${esc(mode)}" is not known (mode=step)</p>\n`;
  for (const [key, value] of Object.entries(info.attrs)) {
    if (key === 'mode') continue;
    const n = Number(value);
    if (HP_KEY.test(key) && value.trim() !== '' && Number.isFinite(n)) hp.push(`${key}=${n}`);
  }
  const index = env.runCards++;
  const modeAttr = mode === 'step' ? ' data-mode="step"' : '';
  return `<div class="nb-run" data-experiment="${esc(info.arg)}" data-hyperparameters="${esc(hp.join(' '))}" data-run-index="${index}"${modeAttr}></div>\n`;
}

function renderDemo(info: FenceInfo): string {
  if (!info.arg || !EXPERIMENT_ID.test(info.arg)) return `<p class="nb-problem warn-box">demo: "${esc(info.arg ?? '')}" is not a snippet id</p>\n`;
  return `<div class="nb-demo" data-demo="${esc(info.arg)}"></div>\n`;
}

function renderProgram(info: FenceInfo): string {
  if (!info.arg || !EXPERIMENT_ID.test(info.arg)) return `<p class="nb-problem warn-box">program: "${esc(info.arg ?? '')}" is not an experiment id</p>\n`;
  return `<div class="nb-program" data-experiment="${esc(info.arg)}"></div>\n`;
}

function renderChart(info: FenceInfo): string {
  const name = info.arg ?? '';
  if (!(KNOWN_CHARTS as readonly string[]).includes(name)) return `<p class="nb-problem warn-box">chart: unknown chart "${esc(name)}"</p>\n`;
  return `<div class="nb-chart" data-chart="${esc(name)}"></div>\n`;
}

export function fencesPlugin(md: MarkdownIt): void {
  md.core.ruler.push('nb_tabs', groupTabs);
  md.renderer.rules.nb_tabs = (tokens, idx, _options, env) => renderTabs((tokens[idx]!.meta as { tabs: Tab[] }).tabs, env as unknown as NotesEnv);
  md.renderer.rules.fence = (tokens, idx, _options, env) => {
    const token = tokens[idx]!;
    const info = parseFenceInfo(token.info);
    if (info.lang === 'run') return renderRun(info, env as unknown as NotesEnv);
    if (info.lang === 'chart') return renderChart(info);
    if (info.lang === 'demo') return renderDemo(info);
    if (info.lang === 'program') return renderProgram(info);
    return `${highlightCode(token.content, info.lang)}\n`;
  };
  md.renderer.rules.code_block = (tokens, idx) => `${highlightCode(tokens[idx]!.content, '')}\n`;
}

/** `"epochs=3 lr=0.03"` → `{ epochs: 3, lr: 0.03 }` (the placeholder's data attribute). */
export function parseHyperparameters(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/\s+/)) {
    const m = /^([A-Za-z][A-Za-z0-9_]{0,63})=(.+)$/.exec(part);
    if (m && Number.isFinite(Number(m[2]))) out[m[1]!] = Number(m[2]);
  }
  return out;
}
