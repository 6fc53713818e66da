// The request handlers, shared by the Electron and web-mode transports.
import type { AppInfo, Lang } from '../shared/api';
import { EXPERIMENTS } from '../shared/catalog';
import type { Handlers } from './dispatch';
import { backendStatus } from './engine/backend';
import { APP_NAME } from './data-dir';
import { VERSION } from './version';

export interface HandlerContext {
  dataDir: string;
  mode: AppInfo['mode'];
  systemLang: Lang;
}

export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    'app.info': () => {
      const status = backendStatus();
      const backend: AppInfo['backend'] = { name: status.name, label: status.label };
      if (status.coreName) backend.coreName = status.coreName;
      if (status.fallbackReason) backend.fallbackReason = status.fallbackReason;
      return { name: APP_NAME, version: VERSION, backend, dataDir: ctx.dataDir, mode: ctx.mode, systemLang: ctx.systemLang };
    },
    'experiments.list': () => EXPERIMENTS.map((e) => structuredClone(e)),
  };
}

/** zh when the system locale is Chinese, else en. */
export function systemLangFrom(locale: string | undefined): Lang {
  return locale && /^zh\b|^zh[-_]/i.test(locale) ? 'zh' : 'en';
}
