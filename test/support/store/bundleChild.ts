import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles test/support/store/crashChild.ts into one CommonJS file. Tests spawn the bundle rather
 * than `node --import tsx` because the tsx loader costs about a second per start, and the crash
 * test starts a hundred children. The source is the same.
 */
export async function bundleCrashChild(outfile: string): Promise<string> {
  await build({
    entryPoints: [join(__dirname, 'crashChild.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
