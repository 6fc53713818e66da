// Options objects stand in for PyTorch's keyword arguments. A key the engine does not know must not
// be silently ignored (`{ weight_decay: 0.1 }` would train without decay), so every constructor or
// function taking options checks them here and names the key it expected instead.

export interface OptionSpec {
  /** The keys this options object takes (camelCase). */
  readonly allowed: readonly string[];
  /** PyTorch keyword arguments the engine knows of but does not implement: camelCase key → PyTorch name. */
  readonly unsupported?: Readonly<Record<string, string>>;
}

function camelCase(key: string): string {
  return key.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The allowed key `key` was probably meant as: its camelCase form, or the same letters in another case. */
function suggestion(key: string, allowed: readonly string[]): string | undefined {
  const camel = camelCase(key);
  const folded = camel.toLowerCase();
  return allowed.find((k) => k === camel) ?? allowed.find((k) => k.toLowerCase() === folded);
}

/**
 * Returns `opts` when every key is allowed; throws a TypeError naming the first bad key, the key
 * that was meant (`weight_decay` → `weightDecay`) and the allowed ones otherwise.
 */
export function checkOptions<T extends object>(opts: T, owner: string, spec: OptionSpec): T {
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new TypeError(`${owner}: options must be an object such as { ${spec.allowed[0] ?? ''}: … }, got ${Array.isArray(opts) ? 'an array' : String(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (spec.allowed.includes(key)) continue;
    const list = spec.allowed.join(', ');
    const unsupported = spec.unsupported ?? {};
    const camel = camelCase(key);
    if (Object.hasOwn(unsupported, camel)) {
      throw new TypeError(`${owner}: option '${key}' (PyTorch's ${unsupported[camel]}) is not supported by this engine; supported options: ${list}`);
    }
    const meant = suggestion(key, spec.allowed);
    if (meant !== undefined) {
      throw new TypeError(`${owner}: unknown option '${key}'; did you mean '${meant}'? (options are spelled in camelCase: ${list})`);
    }
    throw new TypeError(`${owner}: unknown option '${key}'; supported options: ${list}`);
  }
  return opts;
}
