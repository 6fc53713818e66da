// Security rules only (issue 9): this is not a style linter. Each rule guards one boundary the
// design depends on, so a change that quietly weakens it fails `npm run lint`:
//   - the renderer is an untrusted web page: no Electron, no Node built-ins;
//   - the main process listens on exactly one IPC channel, through src/main/electron/ipc.ts;
//   - no window is ever created with its web security, sandbox or isolation turned off.
// Svelte files are not parsed here (no svelte parser is installed); their <script> blocks import
// only from src/renderer/src/lib, which these rules do cover, and the CSP e2e tests cover the rest.
import tseslint from 'typescript-eslint';

/** Node built-ins by bare name (`fs`) and with the `node:` scheme; `module` names the loader itself. */
const NODE_BUILTINS = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'crypto', 'dgram', 'diagnostics_channel', 'dns',
  'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'perf_hooks', 'process',
  'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'sys', 'timers', 'tls', 'trace_events', 'tty',
  'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
];

/** `key: value` in any object literal, whatever it configures: these switch off Electron's defences. */
const INSECURE_OPTIONS = [
  ['webSecurity', false],
  ['nodeIntegration', true],
  ['nodeIntegrationInWorker', true],
  ['nodeIntegrationInSubFrames', true],
  ['sandbox', false],
  ['contextIsolation', false],
  ['allowRunningInsecureContent', true],
  ['experimentalFeatures', true],
  ['enableBlinkFeatures', undefined],
];

const insecureOptionSelectors = INSECURE_OPTIONS.map(([key, value]) => ({
  selector:
    value === undefined
      ? `Property[key.name='${key}']`
      : `Property[key.name='${key}'][value.type='Literal'][value.value=${String(value)}]`,
  message:
    value === undefined
      ? `${key} turns on experimental Blink features in a window; the app never needs them.`
      : `${key}: ${String(value)} switches off an Electron defence; see src/main/electron/window-options.ts for the hardened options.`,
}));

const rawIpcSelectors = ['handle', 'handleOnce', 'on', 'once', 'addListener'].map((method) => ({
  selector: `CallExpression[callee.object.name='ipcMain'][callee.property.name='${method}']`,
  message: `ipcMain.${method} outside src/main/electron/ipc.ts: every request goes through registerIpc/handleRequest (sender check + schema).`,
}));

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', '**/*.svelte'] },
  {
    files: ['src/**/*.ts', 'src/**/*.js', 'src/**/*.mjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      'no-restricted-syntax': ['error', ...insecureOptionSelectors, ...rawIpcSelectors],
    },
  },
  {
    // The one wrapper is the only place allowed to touch ipcMain; it still may not weaken a window.
    files: ['src/main/electron/ipc.ts'],
    rules: { 'no-restricted-syntax': ['error', ...insecureOptionSelectors] },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.js', 'src/renderer/**/*.mjs'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer is an untrusted page: it reaches the main process only through window.workbench (src/shared/api.ts).' },
            ...NODE_BUILTINS.map((name) => ({ name, message: `Node built-in "${name}" in the renderer: the sandboxed page has no Node; ask the main process through the contract.` })),
          ],
          patterns: [
            { group: ['node:*'], message: 'Node built-ins are not available in the sandboxed renderer; ask the main process through the contract.' },
            { group: ['electron/*'], message: 'The renderer is an untrusted page: no Electron modules.' },
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer may import src/shared, never main-process or preload code.' },
          ],
        },
      ],
      // `require('fs')` and `import('node:fs')` get past no-restricted-imports; refuse them by shape.
      'no-restricted-syntax': [
        'error',
        ...insecureOptionSelectors,
        { selector: "CallExpression[callee.name='require']", message: 'require() in the renderer: it is an ES module page without Node.' },
        { selector: "ImportExpression[source.value=/^(node:|electron)/]", message: 'Dynamic import of Node or Electron in the renderer.' },
      ],
    },
  },
);
