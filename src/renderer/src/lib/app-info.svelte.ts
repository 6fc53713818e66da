// What the main process says about itself (`app.info`): version, backend, data folder, mode and
// the system's language.
import type { AppInfo } from '../../../shared/api';
import { getWorkbench } from './transport';

class AppInfoStore {
  /** Undefined until the first load. */
  info = $state.raw<AppInfo>();

  async load(): Promise<AppInfo> {
    return (this.info = await (await getWorkbench()).invoke('app.info', null));
  }
}

export const appInfo = new AppInfoStore();
