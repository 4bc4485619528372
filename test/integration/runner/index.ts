// Entry point the extension host loads as `extensionTestsPath` (bundled to
// out/test/integration/index.js). It runs every suite under test/integration/suite with Mocha's
// `tdd` interface (suite / test / suiteSetup / setup ...), the convention of VS Code's own tests.
import Mocha from 'mocha';
import { suiteFiles } from 'skillwright:integration-suites';
import { ResultReporter, type ResultReporterOptions } from './resultReporter';
import { belongsToPass, readRunOptions } from './runOptions';

export async function run(): Promise<void> {
  const options = readRunOptions(process.env);
  const reporterOptions: ResultReporterOptions = { resultsPath: options.resultsPath, pass: options.pass };
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: options.timeoutMs,
    reporter: ResultReporter,
    reporterOptions,
  });
  if (options.grep) mocha.grep(options.grep);

  const selected = suiteFiles.filter((entry) => belongsToPass(entry.file, options.pass));
  if (selected.length === 0) throw new Error(`no integration suite files for the ${options.pass} pass`);

  // Bundled suites call suite()/test() while they load, so install Mocha's globals first and tag
  // each file's root suites with their file name for the report.
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'bundle', mocha);
  for (const entry of selected) {
    const before = mocha.suite.suites.length;
    entry.load();
    for (const suite of mocha.suite.suites.slice(before)) tagFile(suite, entry.file);
  }

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}

function tagFile(suite: Mocha.Suite, file: string): void {
  suite.file = file;
  for (const test of suite.tests) test.file = file;
  for (const child of suite.suites) tagFile(child, file);
}
