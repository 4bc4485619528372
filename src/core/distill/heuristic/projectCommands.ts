/** Reads the commands a project declares: package.json scripts, Makefile targets, CI `run:` lines. */

import { composePattern } from '../../util/patterns';

export type CommandCategory = 'install' | 'build' | 'typecheck' | 'lint' | 'format' | 'test';

export const CATEGORY_ORDER: readonly CommandCategory[] = ['install', 'build', 'typecheck', 'lint', 'format', 'test'];

export interface DeclaredCommand {
  command: string;
  category: CommandCategory;
  /** The file that declares it and the 1-based line. */
  file: string;
  line: number;
  /** The script's own text, for package scripts and make targets. */
  definition?: string;
}

/** An install step as CI writes it, for the package managers that have one. */
const INSTALL_COMMANDS = [
  ...['npm (ci|install|i)', String.raw`yarn( install)?( --[\w-]+)*$`, 'pnpm (install|i)', 'bun install'],
  ...['pip install', 'poetry install', 'uv sync', 'bundle install', 'go mod download'],
];
const INSTALL_COMMAND = composePattern(['^', `(${INSTALL_COMMANDS.join('|')})`, String.raw`\b`], 'i');

const CATEGORY_PATTERNS: Array<[CommandCategory, RegExp]> = [
  // An installer installs, whatever it installs ("pip install build", "pip install -e . --group typecheck").
  ['install', /^(python3? -m )?pip3? install\b|^(npm|pnpm|yarn|bun) (i|install|add)\b.*\s-g\b/i],
  ['typecheck', /\b(typecheck|type-check|check-types|tsc --noemit|mypy|pyright)\b/i],
  ['lint', /\b(lint|eslint|ruff|flake8|pylint|clippy|golangci-lint|rubocop|stylelint)\b/i],
  ['format', /\b(format|fmt|prettier|black|gofmt|rustfmt)\b/i],
  ['test', /\b(test|tests|jest|vitest|mocha|pytest|ava|tap|karma|playwright test|go test|cargo test|ctest)\b/i],
  ['install', INSTALL_COMMAND],
  ['build', /\b(build|compile|bundle|tsc|webpack|rollup|esbuild|vite build|cargo build|go build|gradle|mvn)\b/i],
];

/** CI lines worth repeating locally start with a package manager or a build tool, not a repo script. */
const KNOWN_RUNNERS = [
  ...['npm', 'npx', 'yarn', 'pnpm', 'bun', 'deno', 'make', 'go', 'cargo'],
  ...['python3?', 'pip', 'pytest', 'tox', 'nox', 'poetry', 'uv'],
  ...['gradle', String.raw`\.\/gradlew`, 'mvn', 'dotnet', 'bundle', 'rake', 'mix'],
  ...['tsc', 'eslint', 'prettier', 'ruff', 'black', 'biome'],
  ...['jest', 'vitest', 'mocha', 'ava', 'tap', 'karma', 'playwright'],
  ...['stylelint', 'rollup', 'webpack', 'vite', 'esbuild'],
];
const KNOWN_RUNNER = composePattern(['^', `(${KNOWN_RUNNERS.join('|')})`, String.raw`\b`]);

export function categorize(command: string): CommandCategory | undefined {
  for (const [category, pattern] of CATEGORY_PATTERNS) if (pattern.test(command)) return category;
  return undefined;
}

export function packageRunner(files: readonly string[]): string {
  if (files.includes('pnpm-lock.yaml')) return 'pnpm';
  if (files.includes('yarn.lock')) return 'yarn';
  if (files.includes('bun.lockb')) return 'bun';
  return 'npm';
}

export function packageScripts(text: string, runner: string, file = 'package.json'): DeclaredCommand[] {
  let scripts: unknown;
  try {
    scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
  } catch {
    return [];
  }
  if (!scripts || typeof scripts !== 'object') return [];
  const lines = text.split('\n');
  const out: DeclaredCommand[] = [];
  for (const [name, definition] of Object.entries(scripts as Record<string, unknown>)) {
    if (typeof definition !== 'string' || /^(pre|post)/.test(name)) continue;
    // A script's name says what it is for; its text only when it runs one tool directly ("fix": "eslint --fix").
    const category =
      categorize(name) ??
      (KNOWN_RUNNER.test(definition) && !/&&|\bnpm run\b/.test(definition) ? categorize(definition) : undefined);
    if (!category || category === 'install') continue;
    const command =
      name === 'test' && runner === 'npm' ? 'npm test' : runner === 'npm' ? `npm run ${name}` : `${runner} ${name}`;
    const line = lines.findIndex((text) => text.includes(`"${name}"`)) + 1;
    out.push({ command, category, file, line, definition });
  }
  return out;
}

export function makeTargets(text: string, file = 'Makefile'): DeclaredCommand[] {
  const out: DeclaredCommand[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /^([A-Za-z][\w.-]*)\s*:(?!=)/.exec(line);
    const target = match?.[1];
    if (!target) return;
    const category = categorize(target);
    if (category && category !== 'install') out.push({ command: `make ${target}`, category, file, line: index + 1 });
  });
  return out;
}

/**
 * The shell lines of `run:` steps in a GitHub Actions workflow, read line by line (block scalars
 * `run: |` included) without a YAML parser.
 */
export function workflowRunLines(text: string, file: string): DeclaredCommand[] {
  const out: DeclaredCommand[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const match = /^(\s*)(?:-\s+)?run:\s*(.*)$/.exec(lines[index] ?? '');
    if (!match) continue;
    const inline = (match[2] ?? '').trim();
    const commands: Array<[string, number]> = [];
    if (inline && !/^[|>][-+]?$/.test(inline)) {
      commands.push([inline.replace(/^["']|["']$/g, ''), index + 1]);
    } else {
      const indent = (match[1] ?? '').length;
      for (let next = index + 1; next < lines.length; next++) {
        const text = lines[next] ?? '';
        if (text.trim() === '') continue;
        if (text.length - text.trimStart().length <= indent) break;
        commands.push([text.trim(), next + 1]);
      }
    }
    for (const [command, line] of commands) {
      if (command.startsWith('#') || command.includes('${{')) continue;
      const category = categorize(command);
      if (category && KNOWN_RUNNER.test(command)) out.push({ command, category, file, line });
    }
  }
  return out;
}
