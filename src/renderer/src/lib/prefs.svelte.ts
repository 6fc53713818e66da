// The two choices the user makes once and expects remembered: UI language and colour theme.
// Until chosen, language follows what the system suggests and theme follows prefers-color-scheme.
import { langOfLocale } from '../../../shared/sections';
import type { Lang } from '../../../shared/api';

export type Theme = 'light' | 'dark';

const LANG_KEY = 'd2l-workbench.lang';
const THEME_KEY = 'd2l-workbench.theme';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered this time; the choice still applies to this page.
  }
}

/** The browser's first preferred language: in web mode the page is the learner's, whatever the server's locale. */
function navigatorLang(): Lang {
  return langOfLocale(navigator.languages?.[0] ?? navigator.language);
}

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;

class Prefs {
  #langChosen = read(LANG_KEY) === 'zh' || read(LANG_KEY) === 'en';
  #themeChosen = read(THEME_KEY) === 'light' || read(THEME_KEY) === 'dark';
  lang = $state<Lang>(this.#langChosen ? (read(LANG_KEY) as Lang) : navigatorLang());
  theme = $state<Theme>(this.#themeChosen ? (read(THEME_KEY) as Theme) : darkQuery?.matches ? 'dark' : 'light');

  constructor() {
    darkQuery?.addEventListener('change', (e) => {
      if (!this.#themeChosen) this.theme = e.matches ? 'dark' : 'light';
    });
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.#langChosen = true;
    write(LANG_KEY, lang);
  }

  /** The desktop app's suggestion (the OS's preferred language, from app.info) applies only until the user chooses. */
  suggestLang(lang: Lang): void {
    if (!this.#langChosen) this.lang = lang;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.#themeChosen = true;
    write(THEME_KEY, theme);
  }
}

export const prefs = new Prefs();
