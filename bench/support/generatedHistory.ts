/**
 * A repository with subsystems whose tests and docs co-change, plus noise and the occasional
 * rename of a module, built once through one `git fast-import` stream and reused while its folder
 * exists. Shared by the history and related-files benchmarks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function generatedHistory(dir: string, commits: number): string {
  if (existsSync(join(dir, '.git'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  let state = 12345;
  const random = (n: number): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  const areas = Array.from({ length: 24 }, (_, n) => `area${n}`);
  const types = ['feat', 'fix', 'chore', 'refactor', 'docs', 'test'];
  /** Renamed modules: area/module → the folder it moved to. */
  const moved = new Map<string, string>();
  const created = new Set<string>();
  const parts: string[] = [];
  for (let index = 1; index <= commits; index++) {
    const area = areas[random(areas.length)] as string;
    const module = `m${random(8)}`;
    const home = moved.get(`${area}/${module}`) ?? `src/${area}`;
    const files = new Map<string, string>();
    const renames: string[] = [];
    if (index % 500 === 0 && created.has(`${area}/${module}`) && !moved.has(`${area}/${module}`)) {
      // A module moves into a sub-package, as real trees restructure; its history goes with it.
      moved.set(`${area}/${module}`, `src/${area}/core`);
      renames.push(`R src/${area}/${module}.ts src/${area}/core/${module}.ts\n`);
    } else {
      files.set(`${home}/${module}.ts`, `export const v = ${index};\n`);
      created.add(`${area}/${module}`);
    }
    if (random(10) < 8) files.set(`test/${area}/${module}.test.ts`, `// ${index}\n`);
    if (random(10) < 3) files.set(`docs/${area}.md`, `rev ${index}\n`);
    for (let noise = random(3); noise > 0; noise--) files.set(`misc/n${random(200)}.txt`, `${index}\n`);
    const message = `${types[random(types.length)]}(${area}): change ${module} ${index}`;
    parts.push(
      `commit refs/heads/main\nmark :${index}\ncommitter Bench ` +
        `<bench@example.com> ${1_600_000_000 + index * 3600} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`,
    );
    if (index > 1) parts.push(`from :${index - 1}\n`);
    parts.push(...renames);
    for (const [path, content] of files)
      parts.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    parts.push('\n');
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  return dir;
}
