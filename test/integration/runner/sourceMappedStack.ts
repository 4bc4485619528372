// The extension host installs its own Error.prepareStackTrace, which bypasses Node's source-map
// support, so failures would point into the bundle. Map `file.js:line:column` frames back by hand
// using the bundle's inline source map (registered because index.js enables source maps first).
import { findSourceMap } from 'node:module';

const FRAME = /(\/[^\s():]+\.js):(\d+):(\d+)/g;

export function sourceMappedStack(stack: string): string {
  return stack.replace(FRAME, (frame: string, file: string, line: string, column: string) => {
    const entry = safeFindSourceMap(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
    const source = entry.originalSource.replace(/^file:\/\//, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function safeFindSourceMap(file: string): ReturnType<typeof findSourceMap> {
  try {
    return findSourceMap(file);
  } catch {
    return undefined;
  }
}
