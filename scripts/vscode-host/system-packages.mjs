// What the VS Code host of the integration, end-to-end and VSIX tests needs from the machine
// itself, beyond Node and npm, and how it gets it. Everything else comes from the npm registry.
//
// - chromium: the headless browser that shows code-server's workbench. Playwright's own browser
//   download is not reachable from these machines, and no npm package ships a Chromium built
//   for a desktop Linux, so it is Debian's.
// - rg: VS Code's search. code-server's @vscode/ripgrep downloads its binary from GitHub in a
//   post-install step that cannot run here, and no npm package ships an rg binary of its own, so
//   Debian's is linked in its place.
// - git: the tests build real temporary repositories.
// - a C++ compiler, make and python3, only while code-server is installed: node-gyp builds its
//   native modules (node-pty, @vscode/spdlog, native-watchdog) once.
//
// Missing packages are installed with apt-get when this process may (root, or sudo without a
// password). Otherwise ensureSystemPackages() throws an error whose message is one line saying
// exactly what to run. Nothing here is ever skipped in silence.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** @returns {string} the absolute path of `command` on PATH, or '' */
export function which(command) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/** @returns {string} SKILLWRIGHT_CHROMIUM if it exists, else the first Chromium on PATH, else '' */
export function findChromiumPath() {
  const fromEnv = process.env.SKILLWRIGHT_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const path = which(name);
    if (path) return path;
  }
  return '';
}

/**
 * @typedef {object} SystemNeed
 * @property {string} name what is looked for
 * @property {string} debian the Debian package that brings it
 * @property {string} why what the tests use it for
 * @property {boolean} [onlyToBuild] needed only while code-server's native modules are built
 * @property {() => string} find its path, or ''
 */

/** @type {readonly SystemNeed[]} */
export const SYSTEM_NEEDS = [
  { name: 'chromium', debian: 'chromium', why: 'the browser that shows the VS Code workbench', find: findChromiumPath },
  { name: 'rg', debian: 'ripgrep', why: "VS Code's search", find: () => which('rg') },
  { name: 'git', debian: 'git', why: 'the test repositories', find: () => which('git') },
  {
    name: 'g++',
    debian: 'g++',
    why: "building code-server's native modules",
    onlyToBuild: true,
    find: () => which('g++') || which('c++'),
  },
  {
    name: 'make',
    debian: 'make',
    why: "building code-server's native modules",
    onlyToBuild: true,
    find: () => which('make'),
  },
  {
    name: 'python3',
    debian: 'python3',
    why: "building code-server's native modules",
    onlyToBuild: true,
    find: () => which('python3'),
  },
];

/**
 * @param {{ building?: boolean }} [options] building: code-server still has to be installed
 * @returns {SystemNeed[]} the needs this machine does not meet
 */
export function missingSystemNeeds(options = {}) {
  return SYSTEM_NEEDS.filter((need) => (options.building || !need.onlyToBuild) && !need.find());
}

/** How apt-get may be run from here: as root, through sudo without a password, or not at all. */
function aptRunner() {
  if (!which('apt-get')) return undefined;
  if (process.getuid?.() === 0) return { prefix: [], as: 'root' };
  if (which('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0)
    return { prefix: ['sudo', '-n'], as: 'sudo' };
  return undefined;
}

function describe(needs) {
  return needs.map((need) => `${need.name} (${need.why})`).join(', ');
}

function aptCommand(packages) {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function runApt(prefix, args) {
  // apt-get waits for a dpkg lock that another install holds, instead of failing at once.
  const command = [
    ...prefix,
    'env',
    'DEBIAN_FRONTEND=noninteractive',
    'apt-get',
    '-o',
    'DPkg::Lock::Timeout=600',
    ...args,
  ];
  const result = spawnSync(command[0], command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `\`${command.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
    );
  }
}

/**
 * Makes sure the machine meets SYSTEM_NEEDS, installing Debian packages when it may.
 * @param {{ building?: boolean, log?: (message: string) => void }} [options]
 * @returns {{ installed: string[], ms: number }} the Debian packages installed now (none when all were there)
 */
export function ensureSystemPackages(options = {}) {
  const started = Date.now();
  const missing = missingSystemNeeds(options);
  if (missing.length === 0) return { installed: [], ms: Date.now() - started };
  const packages = [...new Set(missing.map((need) => need.debian))];
  const runner = aptRunner();
  if (!runner) {
    const how = which('apt-get')
      ? `run: ${aptCommand(packages)}`
      : `install them with this system's package manager (Debian: ${packages.join(' ')}); a Chromium elsewhere ` +
        `can be named with SKILLWRIGHT_CHROMIUM=/path/to/chromium`;
    throw new Error(`this machine lacks ${describe(missing)}; ${how}`);
  }
  options.log?.(
    `installing Debian packages ${packages.join(' ')} with apt-get (as ${runner.as}), for ${describe(missing)}`,
  );
  try {
    runApt(runner.prefix, ['-qq', 'update']);
    runApt(runner.prefix, ['-y', '-qq', '--no-install-recommends', 'install', ...packages]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`installing ${packages.join(' ')} failed; run: ${aptCommand(packages)}\n${message}`);
  }
  const still = missingSystemNeeds(options);
  if (still.length > 0)
    throw new Error(`apt-get installed ${packages.join(' ')}, yet this machine still lacks ${describe(still)}`);
  return { installed: packages, ms: Date.now() - started };
}
