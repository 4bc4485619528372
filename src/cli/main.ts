import { type CliCommand, type CliIo, UsageError } from './command';
import { stderrLogger } from './stderrLogger';
import { errorMessage } from '../core/util/errorMessage';

/** Replaced with package.json's version by esbuild; undefined when run from source. */
declare const SKILLWRIGHT_VERSION: string | undefined;

/**
 * Each command lives in its own module and is loaded only when it runs, so `skillwright lint`
 * never pays for the LLM client or the MCP SDK.
 */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  import: () => import('./commands/import').then((m) => m.importCommand),
  lint: () => import('./commands/lint').then((m) => m.lintCommand),
  list: () => import('./commands/list').then((m) => m.listCommand),
  match: () => import('./commands/match').then((m) => m.matchCommand),
  mcp: () => import('./commands/mcp').then((m) => m.mcpCommand),
  learn: () => import('./commands/learn').then((m) => m.learnCommand),
  candidates: () => import('./commands/candidates').then((m) => m.candidatesCommand),
  show: () => import('./commands/show').then((m) => m.showCommand),
  accept: () => import('./commands/accept').then((m) => m.acceptCommand),
  reject: () => import('./commands/reject').then((m) => m.rejectCommand),
  eval: () => import('./commands/eval').then((m) => m.evalCommand),
  related: () => import('./commands/related').then((m) => m.relatedCommand),
};

function help(): string {
  const names = Object.keys(COMMANDS).sort();
  return [
    'skillwright: learn repository-specific Agent Skills from agent sessions and git history',
    '',
    'Usage: skillwright <command> [options]',
    '',
    'Commands:',
    ...names.map((name) => `  ${name}`),
    '',
    "Run `skillwright <command> --help` for a command's options.",
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout(`${typeof SKILLWRIGHT_VERSION === 'string' ? SKILLWRIGHT_VERSION : 'dev'}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`skillwright: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`skillwright ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr(`skillwright ${name}: ${errorMessage(error)}\n`);
    io.logger.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

function main(): void {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const verbose = process.argv.includes('--verbose');
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    logger: stderrLogger(verbose),
    signal: controller.signal,
  };
  const argv = process.argv.slice(2).filter((arg) => arg !== '--verbose');
  runCli(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`skillwright: ${errorMessage(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) {
  main();
}
