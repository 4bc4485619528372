/**
 * Recognises the commands whose exit code says whether work succeeded: tests, builds, linters
 * and type checkers. A chain (`npm run build && npm test`) counts as its strongest part.
 */
import { anyOf, composePattern } from '../util/patterns';

export type CheckKind = 'test' | 'build' | 'lint' | 'typecheck';

const RUNNERS = String.raw`(?:npm|pnpm|yarn|bun)\s+(?:run\s+|run-script\s+)?`;
/** What may run a tool installed in the project rather than on the PATH (optional). */
const EXEC_PREFIX =
  anyOf([
    String.raw`(?:npx|pnpx|bunx)\s+(?:-\S+\s+)*`,
    String.raw`(?:pnpm|yarn|npm)\s+(?:exec|dlx)\s+`,
    String.raw`bundle\s+exec\s+`,
    String.raw`poetry\s+run\s+`,
    String.raw`uv\s+run\s+`,
    String.raw`python3?\s+-m\s+`,
  ]) + '?';
/** Maven and Gradle take the goal or task anywhere after their options. */
const MAVEN = String.raw`(?:mvn|\.\/mvnw|mvnw)\b.*\b`;
const GRADLE = String.raw`(?:gradle|\.\/gradlew|gradlew)\b.*\b`;
/** `node --test`, after any other options and their values. */
const NODE_TEST = String.raw`node\s+(?:-{1,2}[\w-]+(?:[= ](?!-)\S+)?\s+)*--test`;

const RULES: readonly { kind: CheckKind; pattern: RegExp }[] = [
  { kind: 'typecheck', pattern: new RegExp(`^${RUNNERS}(?:typecheck|type-check|tsc|check-types)\\b`) },
  {
    kind: 'typecheck',
    pattern: new RegExp(`^${EXEC_PREFIX}(?:tsc\\b.*--noEmit|vue-tsc|mypy|pyright|flow\\s+check)\\b`),
  },
  {
    kind: 'test',
    pattern: new RegExp(`^(?:npm|pnpm|yarn|bun)\\s+(?:t|test|run\\s+test[\\w:-]*|run-script\\s+test[\\w:-]*)\\b`),
  },
  {
    kind: 'test',
    pattern: composePattern([
      `^${EXEC_PREFIX}`,
      anyOf([
        'jest',
        'vitest',
        'mocha',
        'ava',
        'tap',
        String.raw`playwright\s+test`,
        String.raw`cypress\s+run`,
        'pytest',
        String.raw`py\.test`,
        'unittest',
        'nose2',
        'tox',
        'nox',
        'rspec',
        'phpunit',
        'vendor/bin/phpunit',
        'ctest',
      ]),
      String.raw`\b`,
    ]),
  },
  {
    kind: 'test',
    pattern: composePattern([
      '^',
      anyOf([
        String.raw`cargo\s+(?:test|nextest)`,
        ...['go', 'dotnet', 'deno', 'bun', 'mix', 'swift', 'rake'].map((tool) => String.raw`${tool}\s+test`),
        String.raw`make\s+(?:test|check)`,
        NODE_TEST,
        `${MAVEN}(?:test|verify)`,
        `${GRADLE}(?:test|check)`,
      ]),
      String.raw`\b`,
    ]),
  },
  { kind: 'lint', pattern: new RegExp(`^${RUNNERS}(?:lint|format:check|check:lint)[\\w:-]*\\b`) },
  {
    kind: 'lint',
    pattern: composePattern([
      `^${EXEC_PREFIX}`,
      anyOf([
        'eslint',
        String.raw`biome\s+(?:check|lint)`,
        String.raw`prettier\s+.*--check`,
        String.raw`ruff(?:\s+check)?`,
        'flake8',
        'pylint',
        String.raw`black\s+.*--check`,
        'rubocop',
        'shellcheck',
        'stylelint',
        'golangci-lint',
        'markdownlint',
      ]),
      String.raw`\b`,
    ]),
  },
  { kind: 'lint', pattern: /^(?:cargo\s+(?:clippy|fmt\s+.*--check)|go\s+vet)\b/ },
  { kind: 'build', pattern: new RegExp(`^${RUNNERS}(?:build|compile|bundle)[\\w:-]*\\b`) },
  {
    kind: 'build',
    pattern: composePattern([
      '^',
      anyOf([
        String.raw`cargo\s+(?:build|check)`,
        String.raw`go\s+build`,
        String.raw`dotnet\s+build`,
        String.raw`cmake\s+--build`,
        String.raw`bazel\s+build`,
        'ninja',
        'make',
        `${MAVEN}(?:compile|package|install)`,
        `${GRADLE}(?:build|assemble)`,
        String.raw`(?:npx\s+)?(?:tsc|esbuild|webpack|rollup|vite\s+build|next\s+build)`,
      ]),
      String.raw`\b`,
    ]),
  },
];

const KIND_STRENGTH: Record<CheckKind, number> = { test: 4, typecheck: 3, build: 2, lint: 1 };

/** The check a command line runs, or undefined for an ordinary command. */
export function classifyCommand(commandLine: string): CheckKind | undefined {
  let best: CheckKind | undefined;
  for (const segment of commandLine.split(/&&|\|\||;|\|/)) {
    const kind = classifySegment(stripEnv(segment.trim()));
    if (kind && (!best || KIND_STRENGTH[kind] > KIND_STRENGTH[best])) best = kind;
  }
  return best;
}

function classifySegment(segment: string): CheckKind | undefined {
  if (segment.length === 0) return undefined;
  return RULES.find((rule) => rule.pattern.test(segment))?.kind;
}

function stripEnv(segment: string): string {
  return segment
    .replace(/^(?:(?:[A-Za-z_][A-Za-z0-9_]*=\S*|sudo|time|env|command)\s+)+/, '')
    .replace(/^cd\s+\S+\s*$/, '');
}
