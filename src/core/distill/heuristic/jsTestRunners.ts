/** Test runners a package.json names, by the word that gives each away in a script or dependency. */
const RUNNERS: ReadonlyArray<[RegExp, string]> = [
  [/^(mocha)$/, 'mocha'],
  [/^(jest)$/, 'jest'],
  [/^(vitest)$/, 'vitest'],
  [/^(ava)$/, 'ava'],
  [/^(tap)$/, 'tap'],
  [/^(borp)$/, 'node:test'],
  [/^(karma-)?jasmine$/, 'jasmine'],
];

/**
 * Which runner runs a JavaScript test file that imports none (Mocha's `describe` and `it` are
 * globals): the runner of the script that names the file's folder, else the only runner the
 * package depends on. Undefined when package.json does not settle it.
 */
export function jsTestRunners(packageJson: string | undefined): (path: string) => string | undefined {
  const parsed = parse(packageJson);
  if (!parsed) return () => undefined;
  const byFolder: Array<[folder: string, runner: string]> = [];
  const named = new Set<string>();
  for (const script of Object.values(parsed.scripts)) {
    const words = script.split(/\s+/);
    let runner: string | undefined;
    for (const word of words) {
      const found = runnerOf(word) ?? (word === '--test' && words.includes('node') ? 'node:test' : undefined);
      if (found) {
        runner = found;
        named.add(found);
      } else if (runner && /^[\w.-]+\//.test(word)) {
        byFolder.push([word.replace(/\/?[^/]*[*{].*$/, '').replace(/\/$/, ''), runner]);
      }
    }
  }
  for (const dependency of parsed.dependencies) {
    const found = runnerOf(dependency);
    if (found) named.add(found);
  }
  const only = named.size === 1 ? [...named][0] : undefined;
  return (path) =>
    byFolder
      .filter(([folder]) => folder && (path === folder || path.startsWith(`${folder}/`)))
      .sort((a, b) => b[0].length - a[0].length)[0]?.[1] ?? only;
}

function runnerOf(word: string): string | undefined {
  return RUNNERS.find(([pattern]) => pattern.test(word))?.[1];
}

function parse(text: string | undefined): { scripts: Record<string, string>; dependencies: string[] } | undefined {
  if (!text) return undefined;
  try {
    const json = JSON.parse(text) as { scripts?: unknown; devDependencies?: unknown; dependencies?: unknown };
    const record = (value: unknown): Record<string, unknown> =>
      value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const scripts = Object.fromEntries(
      Object.entries(record(json.scripts)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    return {
      scripts,
      dependencies: [...Object.keys(record(json.devDependencies)), ...Object.keys(record(json.dependencies))],
    };
  } catch {
    return undefined;
  }
}
