import type { MatchableSkill } from '../../../src/core/matching/matchTypes';

/** A small but realistic library for a TypeScript monorepo (API server, web app, infra). */
export const LABELLED_SKILLS: MatchableSkill[] = [
  skill(
    'run-unit-tests',
    'Run the unit test suite with vitest and read its failures. Use before committing any change under packages/.',
    ['packages/**/*.test.ts'],
    `
## When to use
Any change to TypeScript code in packages/. Run tests before every commit.
## Steps
1. \`pnpm vitest run --changed\` runs only tests affected by your change.
2. For one file: \`pnpm vitest run packages/api/src/users/userService.test.ts\`.
3. Snapshot failures: review the diff, then \`pnpm vitest run -u\` only if the change is intended.
## Pitfalls
- Tests share a Postgres test container; never run two vitest processes in parallel.
- \`describe.only\` is rejected by the lint step in CI.`,
  ),
  skill(
    'db-migrations',
    'Create and apply Postgres schema migrations with Knex. Use when adding a table, column or index.',
    ['packages/api/migrations/**', 'packages/api/src/db/**'],
    `
## When to use
Adding or changing a database table, column, index or constraint.
## Steps
1. \`pnpm knex migrate:make add_orders_table\` creates packages/api/migrations/<timestamp>_add_orders_table.ts.
2. Write both up() and down(); down must undo up exactly.
3. \`pnpm knex migrate:latest\` applies it locally; \`pnpm knex migrate:rollback\` undoes the last batch.
4. Update the row types in packages/api/src/db/tables.ts.
## Pitfalls
- Never edit a migration that already ran on staging; write a new one.
- Add indexes concurrently (\`CREATE INDEX CONCURRENTLY\`) on large tables.`,
  ),
  skill(
    'add-api-endpoint',
    'Add a REST endpoint to the Fastify API server with schema validation and an OpenAPI entry.',
    ['packages/api/src/routes/**'],
    `
## When to use
Exposing a new HTTP route or changing a request/response shape.
## Steps
1. Create packages/api/src/routes/<resource>.ts exporting a Fastify plugin.
2. Declare body, params and response schemas with TypeBox; Fastify validates requests against them.
3. Register the plugin in packages/api/src/server.ts with its prefix.
4. Run \`pnpm openapi:generate\` so docs/openapi.yaml picks up the route.
## Pitfalls
- Handlers return data; never call reply.send twice.
- Auth: add \`preHandler: [requireSession]\` for anything not public.`,
  ),
  skill(
    'react-component-conventions',
    'Conventions for React components in the web app: file layout, hooks, styling with CSS modules and Storybook ' +
      'stories.',
    ['packages/web/src/components/**'],
    `
## When to use
Creating or refactoring a React component in packages/web.
## Steps
1. One component per folder: Button/Button.tsx, Button.module.css, Button.stories.tsx, Button.test.tsx.
2. Function components only; props interface named ButtonProps and exported.
3. Data fetching goes through React Query hooks in packages/web/src/hooks, never fetch() inside a component.
4. Add a Storybook story for every visual state.
## Pitfalls
- No default exports; the barrel lint rule fails on them.
- Use the design tokens in tokens.css, not raw hex colours.`,
  ),
  skill(
    'release-versioning',
    'Cut a release: bump versions with changesets, write the changelog and publish packages to npm.',
    ['.changeset/**', 'CHANGELOG.md'],
    `
## When to use
Preparing a release or adding a changeset for a user-visible change.
## Steps
1. \`pnpm changeset\` and pick patch/minor/major per package.
2. The release workflow opens a "Version Packages" PR; merge it to publish.
3. Tags follow v<major>.<minor>.<patch>.
## Pitfalls
- Never edit CHANGELOG.md by hand; changesets regenerates it.
- A breaking API change needs a major bump and a migration note.`,
  ),
  skill(
    'docker-local-dev',
    'Start the local development stack with docker compose: Postgres, Redis and the mail catcher.',
    ['docker-compose.yml', 'docker/**'],
    `
## When to use
Setting up a machine or when services fail to connect locally.
## Steps
1. \`docker compose up -d postgres redis mailpit\`.
2. Copy .env.example to .env; the defaults point at the compose services.
3. \`docker compose logs -f postgres\` to watch the database start.
## Pitfalls
- Port 5432 conflicts with a locally installed Postgres; stop it or change POSTGRES_PORT.
- After changing docker/postgres/init.sql run \`docker compose down -v\` to recreate the volume.`,
  ),
  skill(
    'feature-flags',
    'Gate new behaviour behind a LaunchDarkly feature flag and clean the flag up after rollout.',
    ['packages/shared/src/flags/**'],
    `
## When to use
Shipping behaviour that must roll out gradually or be switchable off.
## Steps
1. Add the flag key to packages/shared/src/flags/flagKeys.ts.
2. Read it with \`useFlag('new-checkout')\` in the web app or \`flags.isEnabled(user, key)\` on the server.
3. Default to off; the toggle lives in the LaunchDarkly dashboard.
4. Remove the flag and the dead branch within two sprints of full rollout.
## Pitfalls
- Never evaluate flags inside a database transaction; they make a network call.`,
  ),
  skill(
    'error-handling-api',
    'How API errors are raised and mapped to HTTP responses with problem+json bodies.',
    ['packages/api/src/errors/**'],
    `
## When to use
Throwing an error from a route, service or repository in the API.
## Steps
1. Throw a subclass of AppError (NotFoundError, ConflictError, ValidationError) from packages/api/src/errors.
2. The global error handler maps it to an application/problem+json response with status, title and detail.
3. Unknown errors become 500 and are reported to Sentry with the request id.
## Pitfalls
- Do not catch and swallow errors in services; let the handler map them.
- Never put stack traces in the response detail.`,
  ),
  skill(
    'lint-and-format',
    'Fix ESLint and Prettier failures; the pre-commit hook runs lint-staged.',
    ['**/*.ts', '**/*.tsx'],
    `
## When to use
The pre-commit hook or CI lint job fails, or before opening a PR.
## Steps
1. \`pnpm lint --fix\` fixes most ESLint problems.
2. \`pnpm prettier --write .\` formats; lint-staged runs it on staged files automatically.
3. Remaining import-order errors: sort imports by group (node, external, internal).
## Pitfalls
- Do not disable rules inline without a comment explaining why.
- The no-floating-promises rule flags un-awaited async calls; await or void them.`,
  ),
  skill(
    'e2e-playwright',
    'Write and debug end-to-end browser tests with Playwright against the web app.',
    ['e2e/**'],
    `
## When to use
Testing a user flow across pages: login, checkout, settings.
## Steps
1. Tests live in e2e/tests/*.spec.ts; page objects in e2e/pages.
2. \`pnpm playwright test --ui\` for interactive debugging; \`--headed\` to watch the browser.
3. Seed data with the fixtures in e2e/fixtures/seed.ts, never through the UI.
## Pitfalls
- Use getByRole locators, not CSS selectors; they survive redesigns.
- Flaky waits: rely on auto-waiting expect(locator).toBeVisible(), never page.waitForTimeout.`,
  ),
  skill(
    'auth-sessions',
    'How login, session cookies and OAuth with GitHub work in the API, and how to protect a route.',
    ['packages/api/src/auth/**'],
    `
## When to use
Touching login, logout, session handling, OAuth callbacks or route protection.
## Steps
1. Sessions are stored in Redis; the cookie \`sid\` is httpOnly, secure and SameSite=Lax.
2. OAuth: packages/api/src/auth/githubOAuth.ts exchanges the code and upserts the user.
3. Protect a route with the requireSession preHandler; roles with requireRole('admin').
## Pitfalls
- Rotate the session id after login to prevent fixation.
- Never log the OAuth access token.`,
  ),
  skill(
    'background-jobs',
    'Enqueue and process background jobs with BullMQ workers on Redis, with retries and idempotency.',
    ['packages/worker/**'],
    `
## When to use
Work that should not block a request: emails, exports, webhooks, image resizing.
## Steps
1. Define the job payload type in packages/worker/src/jobs/<name>.ts and a processor function.
2. Enqueue with \`queues.email.add('welcome', payload, { attempts: 5, backoff: { type: 'exponential' } })\`.
3. Start workers locally with \`pnpm --filter worker dev\`.
## Pitfalls
- Processors must be idempotent: a job can run twice after a crash.
- Keep payloads small; pass ids, not whole rows.`,
  ),
  skill(
    'i18n-translations',
    'Add and update user-facing strings with i18next translation keys in English and German.',
    ['packages/web/src/locales/**'],
    `
## When to use
Any new or changed text the user sees in the web app.
## Steps
1. Add the key to packages/web/src/locales/en/common.json and de/common.json.
2. Use \`const { t } = useTranslation()\` and \`t('checkout.total')\` in components.
3. \`pnpm i18n:check\` fails on missing or unused keys.
## Pitfalls
- Never concatenate translated fragments; use interpolation \`{{count}}\` and plurals.`,
  ),
  skill(
    'ci-pipeline',
    'Understand and fix the GitHub Actions CI workflow: jobs, caching and required checks.',
    ['.github/workflows/**'],
    `
## When to use
A CI job fails, is slow, or a new check must be added.
## Steps
1. The main workflow is .github/workflows/ci.yml: install, lint, typecheck, test, build.
2. pnpm store is cached by the lockfile hash; a cache miss adds four minutes.
3. Reproduce a job locally with \`act -j test\`.
## Pitfalls
- Required checks are matched by job name; renaming a job blocks merges until settings are updated.
- Secrets are not available to workflows from forks.`,
  ),
  skill(
    'env-config',
    'Add a configuration setting read from environment variables and validated at startup.',
    ['packages/api/src/config/**'],
    `
## When to use
Introducing a new environment variable or config option for the API or worker.
## Steps
1. Add the variable to the envSchema in packages/api/src/config/env.ts; parseConfigFile() loads .env files first.
2. Document it in .env.example with a safe default.
3. Read config through \`getConfig()\`, never process.env directly.
## Pitfalls
- Startup fails fast on invalid values; give every optional setting a default.
- Never commit real secrets to .env.example.`,
  ),
  skill(
    'logging-observability',
    'Structured logging with pino, request ids and OpenTelemetry tracing spans.',
    ['packages/api/src/telemetry/**'],
    `
## When to use
Adding logs, metrics or traces, or debugging a production incident.
## Steps
1. Use the request-scoped logger \`req.log.info({ orderId }, 'order created')\`; objects first, message second.
2. Wrap slow operations in \`tracer.startActiveSpan('charge-card', ...)\`.
3. Log levels: debug for development noise, warn for recoverable problems, error with the err object.
## Pitfalls
- Never log personal data or tokens; the redact paths in logger.ts list the known fields.`,
  ),
  skill(
    'payments-stripe',
    'Integrate Stripe payments: checkout sessions, webhooks with signature verification and refunds.',
    ['packages/api/src/payments/**'],
    `
## When to use
Anything about charging customers, subscriptions, invoices, webhooks from Stripe or refunds.
## Steps
1. Create checkout sessions in packages/api/src/payments/checkout.ts with price ids from config.
2. Webhooks arrive at /webhooks/stripe; verify with stripe.webhooks.constructEvent and the raw body.
3. Test locally with \`stripe listen --forward-to localhost:3000/webhooks/stripe\`.
## Pitfalls
- Webhooks can arrive twice or out of order; store processed event ids.
- Amounts are integers in cents.`,
  ),
  skill(
    'typescript-build',
    'Fix TypeScript compile errors and project references across the monorepo packages.',
    ['**/tsconfig*.json'],
    `
## When to use
\`pnpm typecheck\` or the build fails with TS errors, or a package cannot import another.
## Steps
1. \`pnpm -r exec tsc -b\` builds with project references in dependency order.
2. Cross-package imports use the workspace name (@acme/shared), never relative ../../ paths.
3. After adding a package, add it to the references array of the consumer's tsconfig.json.
## Pitfalls
- TS2307 cannot find module usually means a missing reference or a stale dist; run \`pnpm clean\`.`,
  ),
  skill(
    'email-templates',
    'Build transactional email templates with MJML and send them through the mail service.',
    ['packages/worker/src/emails/**'],
    `
## When to use
Adding or changing an email the product sends: welcome, password reset, receipts.
## Steps
1. Templates are MJML in packages/worker/src/emails/templates/*.mjml with Handlebars variables.
2. \`pnpm emails:preview\` renders them at localhost:3100.
3. Send through the background job \`email.send\` with the template name and data.
## Pitfalls
- Inline all CSS; many mail clients drop style tags.
- Locally, mail goes to the Mailpit catcher, not real inboxes.`,
  ),
  skill(
    'caching-redis',
    'Cache expensive reads in Redis with TTLs and invalidate them when the data changes.',
    ['packages/api/src/cache/**'],
    `
## When to use
A read endpoint is slow or hammers the database with identical queries.
## Steps
1. Wrap the loader: \`cache.wrap(\\\`product:\\\${id}\\\`, 300, () => repo.findProduct(id))\`.
2. Invalidate on writes: \`cache.del(\\\`product:\\\${id}\\\`)\` in the same service method.
3. Key names: <entity>:<id>[:<variant>].
## Pitfalls
- Never cache per-user data under a shared key.
- Thundering herd: wrap() already coalesces concurrent misses.`,
  ),
  skill(
    'dependency-upgrades',
    'Upgrade npm dependencies safely with pnpm, Renovate PRs and lockfile hygiene.',
    ['package.json', 'pnpm-lock.yaml', '**/package.json'],
    `
## When to use
Bumping a library, reviewing a Renovate PR or resolving a lockfile conflict.
## Steps
1. \`pnpm up <pkg> --latest -r\` bumps it across workspaces.
2. Read the library's changelog for breaking changes before merging.
3. Lockfile conflict: take either side, then \`pnpm install\` to regenerate pnpm-lock.yaml.
## Pitfalls
- Peer dependency warnings for React must be fixed, not ignored.`,
  ),
  skill(
    'git-commit-conventions',
    'Write commit messages in Conventional Commits style and keep branches rebased.',
    [],
    `
## When to use
Committing, naming branches or preparing a pull request.
## Steps
1. Format: \`feat(api): add order export\`; types feat, fix, chore, docs, refactor, test.
2. Branch names: <type>/<ticket>-<short-slug>, e.g. fix/SHOP-123-cart-total.
3. Rebase on main before opening the PR; squash fixups with \`git rebase -i --autosquash\`.
## Pitfalls
- commitlint rejects messages over 72 characters in the subject.`,
  ),
  skill(
    'search-elasticsearch',
    'Index documents and query product search with Elasticsearch, including reindexing.',
    ['packages/api/src/search/**'],
    `
## When to use
Changing what product search returns, its ranking or the index mapping.
## Steps
1. Mappings live in packages/api/src/search/productsMapping.ts.
2. A mapping change needs a reindex: \`pnpm search:reindex --alias products\` builds a new index and swaps the alias.
3. Query with the multi_match helper in searchProducts(); boosts title^3, description^1.
## Pitfalls
- Never reindex in place in production; always alias swap.`,
  ),
];

/** Each task with the skill a maintainer would want an agent to read for it. */
export const LABELLED_TASKS: { task: string; files?: string[]; expected: string }[] = [
  { task: 'the vitest suite fails on userService, how do I run just that test file?', expected: 'run-unit-tests' },
  { task: 'add an orders table with a foreign key to users', expected: 'db-migrations' },
  { task: 'I need a new column "archived_at" on the projects table', expected: 'db-migrations' },
  { task: 'roll back the last database migration batch', expected: 'db-migrations' },
  { task: 'create a POST /invoices route that validates its body', expected: 'add-api-endpoint' },
  { task: 'expose a new HTTP endpoint for listing user orders', expected: 'add-api-endpoint' },
  { task: 'build a DatePicker component with a storybook story', expected: 'react-component-conventions' },
  { task: 'refactor the Modal React component to use CSS modules', expected: 'react-component-conventions' },
  { task: 'publish a new minor release of the packages to npm', expected: 'release-versioning' },
  { task: 'add a changeset for my bug fix', expected: 'release-versioning' },
  { task: "postgres container won't start locally, port 5432 already in use", expected: 'docker-local-dev' },
  { task: 'put the new checkout flow behind a launchdarkly flag', expected: 'feature-flags' },
  { task: 'return a 404 problem+json when the order is not found', expected: 'error-handling-api' },
  { task: 'pre-commit hook fails with prettier and eslint errors', expected: 'lint-and-format' },
  { task: 'fix no-floating-promises lint errors', expected: 'lint-and-format' },
  { task: 'write a playwright test for the login flow', expected: 'e2e-playwright' },
  { task: 'the e2e spec is flaky, it uses waitForTimeout', expected: 'e2e-playwright' },
  { task: 'add GitHub OAuth login and protect the admin route', expected: 'auth-sessions' },
  { task: 'session cookie is not httpOnly, fix session handling', expected: 'auth-sessions' },
  { task: 'send the export as a BullMQ background job with retries', expected: 'background-jobs' },
  { task: 'add German translations for the checkout page strings', expected: 'i18n-translations' },
  { task: 'the github actions workflow cache keeps missing and CI is slow', expected: 'ci-pipeline' },
  { task: 'add a SMTP_HOST environment variable to the config', expected: 'env-config' },
  { task: 'where does parseConfigFile read the .env file?', expected: 'env-config' },
  { task: 'add tracing spans and structured pino logs to the charge flow', expected: 'logging-observability' },
  { task: 'handle stripe webhook for refunds and verify the signature', expected: 'payments-stripe' },
  { task: 'TS2307 cannot find module @acme/shared after adding a package', expected: 'typescript-build' },
  { task: 'design a password reset email with mjml', expected: 'email-templates' },
  { task: 'product endpoint is slow, cache it in redis with a ttl', expected: 'caching-redis' },
  { task: 'upgrade react to the latest version across workspaces', expected: 'dependency-upgrades' },
  { task: 'resolve the pnpm-lock.yaml merge conflict', expected: 'dependency-upgrades' },
  { task: 'what commit message format should I use for this fix?', expected: 'git-commit-conventions' },
  { task: 'change the product search ranking to boost titles and reindex', expected: 'search-elasticsearch' },
  {
    task: 'fix the failing test',
    files: ['packages/api/src/payments/checkout.test.ts', 'packages/api/src/payments/checkout.ts'],
    expected: 'payments-stripe',
  },
];

/** Tasks this library has no skill for: each should be reported as a gap. */
export const OFF_TOPIC_TASKS: string[] = [
  'train the recommendation model on GPU with pytorch',
  'configure kubernetes horizontal pod autoscaling for the api deployment',
  'write the quarterly marketing newsletter copy',
  'port the iOS app to SwiftUI',
  'set up terraform state locking in an s3 bucket',
  'tune the JVM garbage collector for the legacy billing service',
  'translate the rust crate FFI bindings to wasm',
  'how do we rotate the TLS certificates on the load balancer?',
];

function skill(name: string, description: string, scope: string[], body: string): MatchableSkill {
  return { name, description, scope, body: body.trim(), tier: 'accepted' };
}
