import type { FileExcerpt } from '../../history/repoTree';
import { excerptLines } from '../../code/sourceExcerpt';
import { dirOf } from '../../util/paths';

/**
 * The fixtures a `conftest.py` shares with the tests in its folder and below: pytest hands them
 * to any test that names them as a parameter, so new tests should ask for them, not rebuild them.
 */
export function pytestFixtures(
  excerpts: ReadonlyMap<string, FileExcerpt>,
  areas: readonly string[],
): { path: string; line: number; names: string[] } | undefined {
  let best: { path: string; line: number; names: string[] } | undefined;
  for (const [path, excerpt] of excerpts) {
    if (!path.endsWith('conftest.py')) continue;
    const folder = dirOf(path);
    if (!areas.some((area) => area === folder || area.startsWith(`${folder}/`) || folder === '.')) continue;
    const lines = excerptLines(excerpt);
    const names: string[] = [];
    let line = 0;
    lines.forEach((entry, index) => {
      if (!/^@pytest\.fixture\b/.test(entry.text)) return;
      const definition = lines.slice(index + 1, index + 4).find((next) => /^(async\s+)?def \w+\(/.test(next.text));
      const name = definition && /def (\w+)\(/.exec(definition.text)?.[1];
      if (!name || name.startsWith('_') || names.includes(name)) return;
      names.push(name);
      line ||= entry.line;
    });
    if (names.length > 0 && (!best || names.length > best.names.length)) best = { path, line, names };
  }
  return best;
}
