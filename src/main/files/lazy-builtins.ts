// Node built-ins that only saving, importing and exporting use, loaded when first used: loading
// node:fs/promises costs ~5 ms and node:crypto ~9 ms, a large share of a CLI `train --no-save`
// whose whole process is meant to stay near a bare `node` (issue 15).
//
// process.getBuiltinModule, not `import()`: the CLI's CommonJS build runs through V8's code cache,
// and Node 20 loses a script's dynamic-import callback when it comes from the cache
// (src/main/cli/code-cache.ts). Tests that fake node:fs/promises fake `fsPromises` here too.

/** node:fs/promises. */
export const fsPromises = async (): Promise<typeof import('node:fs/promises')> => process.getBuiltinModule('node:fs/promises');

/** `bytes` random bytes from node:crypto, as hex. */
export const randomHex = (bytes: number): string => process.getBuiltinModule('node:crypto').randomBytes(bytes).toString('hex');
