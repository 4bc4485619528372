// A git history with regularities a person would notice and the heuristic distillers should
// learn: every change to src/router/* comes with a change to test/router/*, messages follow
// Conventional Commits, and package.json has test and lint scripts. Used by the integration
// workspace and by the end-to-end runner so both see the same, known-learnable repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROUTES = ['users', 'orders', 'billing', 'search', 'auth', 'admin', 'health', 'reports'];
const DAY_MS = 86_400_000;
const START = Date.parse('2026-01-05T10:00:00Z');
const PACKAGE_JSON = {
  name: 'sample-service',
  type: 'module',
  scripts: { test: 'node --test test/', lint: 'node --check src/index.js' },
};

function routeFile(route, version) {
  return (
    `export function ${route}Route(request) {\n  // v${version}\n  return { status: 200, route: '${route}', ` +
    `path: request.path };\n}\n`
  );
}

function routeTest(route, version) {
  return (
    `import test from 'node:test';\nimport assert from 'node:assert/strict';\nimport { ${route}Route } from ` +
    `'../../src/router/${route}.js';\n\ntest('${route} route v${version}', () => {\n  ` +
    `assert.equal(${route}Route({ path: '/${route}' }).status, 200);\n});\n`
  );
}

/** The planned commits, oldest first: { message, files: { path: contents } }. */
export function plannedCommits() {
  const commits = [
    {
      message: 'chore: initial project layout',
      files: {
        'README.md': '# Sample service\n\nA small HTTP router used to exercise Skillwright.\n',
        'package.json': `${JSON.stringify(PACKAGE_JSON, null, 2)}\n`,
        'src/index.js': "export { usersRoute } from './router/users.js';\n",
        '.gitignore': 'node_modules/\n',
      },
    },
  ];
  ROUTES.forEach((route, index) => {
    commits.push({
      message: `feat(router): add the ${route} route`,
      files: { [`src/router/${route}.js`]: routeFile(route, 1), [`test/router/${route}.test.js`]: routeTest(route, 1) },
    });
    if (index % 2 === 1) {
      commits.push({
        message: `fix(router): return the request path from ${route}`,
        files: {
          [`src/router/${route}.js`]: routeFile(route, 2),
          [`test/router/${route}.test.js`]: routeTest(route, 2),
        },
      });
    }
  });
  // Unrelated work, so the router/test pairing stands out against the base rate.
  ['pool', 'migrations', 'cache', 'queries', 'schema'].forEach((module, index) => {
    commits.push({
      message: `refactor(db): tidy the ${module} module`,
      files: { [`src/db/${module}.js`]: `export const ${module} = ${index};\n` },
    });
    commits.push({
      message: `docs: explain the ${module} module`,
      files: { [`docs/${module}.md`]: `# ${module}\n\nHow the ${module} module works.\n` },
    });
  });
  commits.push({
    message: 'docs: describe the routes',
    files: { 'README.md': `# Sample service\n\nRoutes: ${ROUTES.join(', ')}.\n` },
  });
  return commits;
}

/** Writes and commits plannedCommits() into `dir`, which must be an empty folder or a fresh git repo. */
export function plantHistory(dir) {
  const git = (args, date) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.name', 'Skillwright Tests']);
  git(['config', 'user.email', 'tests@skillwright.invalid']);
  git(['config', 'commit.gpgsign', 'false']);
  plannedCommits().forEach((commit, index) => {
    for (const [path, contents] of Object.entries(commit.files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    git(['add', '-A']);
    git(['commit', '-q', '-m', commit.message], new Date(START + index * DAY_MS).toISOString());
  });
  return dir;
}
