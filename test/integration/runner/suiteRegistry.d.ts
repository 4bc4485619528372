// A virtual module generated at bundle time by scripts/vscode-host/build-tests.mjs: one entry per
// test/integration/suite/**/*.test.ts file. Loading is deferred so the runner can install Mocha's
// globals first and skip files that do not belong to the current pass.
declare module 'skillwright:integration-suites' {
  export interface IntegrationSuiteFile {
    /** Path relative to test/integration/suite, e.g. `smoke.test.ts`. */
    readonly file: string;
    readonly load: () => void;
  }
  export const suiteFiles: readonly IntegrationSuiteFile[];
}
