// Injected at build time from package.json; tests running from source read it directly.
import { version } from '../../package.json';

export const VERSION: string = version;
