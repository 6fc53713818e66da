// Types for scripts/ascii-escape.mjs, imported by electron.vite.config.ts and tests.
export declare function asciiEscape(code: string, name?: string): string;
