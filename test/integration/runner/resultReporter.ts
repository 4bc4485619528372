// Mocha reporter that writes results to files, because console output of the extension host ends
// up in a log file of the host, not on the harness's stdout. The JSON file is rewritten after every
// test (with `finished: false`) so a host that dies mid-run still leaves evidence behind.
import Mocha from 'mocha';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sourceMappedStack } from './sourceMappedStack';

export type TestState = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  readonly title: string;
  readonly file: string | undefined;
  readonly state: TestState;
  readonly durationMs: number | undefined;
  readonly error?: { readonly message: string; readonly stack: string | undefined };
}

export interface TestReport {
  readonly finished: boolean;
  readonly pass: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly durationMs: number;
  readonly tests: readonly TestResult[];
}

export interface ResultReporterOptions {
  readonly resultsPath: string | undefined;
  readonly pass: string;
}

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

export class ResultReporter extends Mocha.reporters.Base {
  private readonly results: TestResult[] = [];
  private readonly startedAt = Date.now();

  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const reporterOptions = (options.reporterOptions ?? {}) as ResultReporterOptions;
    runner.on(EVENT_TEST_PASS, (test) => this.record(test, 'passed', reporterOptions));
    runner.on(EVENT_TEST_PENDING, (test) => this.record(test, 'skipped', reporterOptions));
    runner.on(EVENT_TEST_FAIL, (test, error: unknown) => this.record(test, 'failed', reporterOptions, error));
    runner.once(EVENT_RUN_END, () => this.flush(reporterOptions, true));
  }

  private record(test: Mocha.Runnable, state: TestState, options: ResultReporterOptions, error?: unknown): void {
    const result: TestResult = {
      title: test.fullTitle(),
      file: test.file,
      state,
      durationMs: test.duration,
      ...(error === undefined ? {} : { error: describeError(error) }),
    };
    this.results.push(result);
    console.log(`[skillwright-tests] ${state} ${result.title}`);
    this.flush(options, false);
  }

  private flush(options: ResultReporterOptions, finished: boolean): void {
    const report = buildReport(this.results, options.pass, Date.now() - this.startedAt, finished);
    if (finished) console.log(`[skillwright-tests] ${summaryLine(report)}`);
    if (!options.resultsPath) return;
    mkdirSync(dirname(options.resultsPath), { recursive: true });
    writeFileSync(options.resultsPath, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(`${options.resultsPath}.txt`, formatReport(report));
  }
}

export function buildReport(
  tests: readonly TestResult[],
  pass: string,
  durationMs: number,
  finished: boolean,
): TestReport {
  const count = (state: TestState): number => tests.filter((test) => test.state === state).length;
  return {
    finished,
    pass,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    durationMs,
    tests,
  };
}

export function summaryLine(report: Pick<TestReport, 'passed' | 'failed' | 'skipped'>): string {
  const base = `${report.passed} passed, ${report.failed} failed`;
  return report.skipped > 0 ? `${base}, ${report.skipped} skipped` : base;
}

export function formatReport(report: TestReport): string {
  const mark: Record<TestState, string> = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' };
  const lines = report.tests.map(
    (test) => `  ${mark[test.state]} ${test.title}${test.durationMs === undefined ? '' : ` (${test.durationMs} ms)`}`,
  );
  const failures = report.tests.filter((test) => test.state === 'failed');
  failures.forEach((test, index) => {
    lines.push(
      '',
      `  ${index + 1}) ${test.title}`,
      indent(test.error?.stack ?? test.error?.message ?? 'no error details', '     '),
    );
  });
  lines.push('', report.finished ? summaryLine(report) : `(run did not finish) ${summaryLine(report)}`);
  return `${lines.join('\n')}\n`;
}

function describeError(error: unknown): { message: string; stack: string | undefined } {
  if (error instanceof Error)
    return { message: error.message, stack: error.stack === undefined ? undefined : sourceMappedStack(error.stack) };
  return { message: String(error), stack: undefined };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
