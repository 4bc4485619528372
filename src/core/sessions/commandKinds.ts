/**
 * Recognises the commands whose exit code says whether work succeeded: tests, builds, linters
 * and type checkers. A chain (`npm run build && npm test`) counts as its strongest part.
 */
export type CheckKind = 'test' | 'build' | 'lint' | 'typecheck';

const RUNNERS = String.raw`(?:npm|pnpm|yarn|bun)\s+(?:run\s+|run-script\s+)?`;
const EXEC_PREFIX = String.raw`(?:(?:npx|pnpx|bunx)\s+(?:-\S+\s+)*|(?:pnpm|yarn|npm)\s+(?:exec|dlx)\s+|bundle\s+exec\s+|poetry\s+run\s+|uv\s+run\s+|python3?\s+-m\s+)?`;

const RULES: readonly { kind: CheckKind; pattern: RegExp }[] = [
  { kind: 'typecheck', pattern: new RegExp(`^${RUNNERS}(?:typecheck|type-check|tsc|check-types)\\b`) },
  { kind: 'typecheck', pattern: new RegExp(`^${EXEC_PREFIX}(?:tsc\\b.*--noEmit|vue-tsc|mypy|pyright|flow\\s+check)\\b`) },
  { kind: 'test', pattern: new RegExp(`^(?:npm|pnpm|yarn|bun)\\s+(?:t|test|run\\s+test[\\w:-]*|run-script\\s+test[\\w:-]*)\\b`) },
  {
    kind: 'test',
    pattern: new RegExp(
      `^${EXEC_PREFIX}(?:jest|vitest|mocha|ava|tap|playwright\\s+test|cypress\\s+run|pytest|py\\.test|unittest|nose2|tox|nox|rspec|phpunit|vendor/bin/phpunit|ctest)\\b`,
    ),
  },
  {
    kind: 'test',
    pattern:
      /^(?:cargo\s+(?:test|nextest)|go\s+test|dotnet\s+test|deno\s+test|bun\s+test|mix\s+test|swift\s+test|rake\s+test|make\s+(?:test|check)|node\s+(?:-{1,2}[\w-]+(?:[= ](?!-)\S+)?\s+)*--test|(?:mvn|\.\/mvnw|mvnw)\b.*\b(?:test|verify)|(?:gradle|\.\/gradlew|gradlew)\b.*\b(?:test|check))\b/,
  },
  { kind: 'lint', pattern: new RegExp(`^${RUNNERS}(?:lint|format:check|check:lint)[\\w:-]*\\b`) },
  {
    kind: 'lint',
    pattern: new RegExp(
      `^${EXEC_PREFIX}(?:eslint|biome\\s+(?:check|lint)|prettier\\s+.*--check|ruff(?:\\s+check)?|flake8|pylint|black\\s+.*--check|rubocop|shellcheck|stylelint|golangci-lint|markdownlint)\\b`,
    ),
  },
  { kind: 'lint', pattern: /^(?:cargo\s+(?:clippy|fmt\s+.*--check)|go\s+vet)\b/ },
  { kind: 'build', pattern: new RegExp(`^${RUNNERS}(?:build|compile|bundle)[\\w:-]*\\b`) },
  {
    kind: 'build',
    pattern:
      /^(?:cargo\s+(?:build|check)|go\s+build|dotnet\s+build|cmake\s+--build|bazel\s+build|ninja|make|(?:mvn|\.\/mvnw|mvnw)\b.*\b(?:compile|package|install)|(?:gradle|\.\/gradlew|gradlew)\b.*\b(?:build|assemble)|(?:npx\s+)?(?:tsc|esbuild|webpack|rollup|vite\s+build|next\s+build))\b/,
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
  return segment.replace(/^(?:(?:[A-Za-z_][A-Za-z0-9_]*=\S*|sudo|time|env|command)\s+)+/, '').replace(/^cd\s+\S+\s*$/, '');
}
