// Read from package.json: inlined by the build, imported as JSON (with its import attribute, which
// Node's own loader demands) by tests that run from source.
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
