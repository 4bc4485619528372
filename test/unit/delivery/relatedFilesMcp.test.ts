import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildCoChangeRepo, type CoChangeRepo } from '../../support/git/coChangeRepo';
import { runCliIn } from '../../support/cli/cliRunner';
import { composePattern } from '../../../src/core/util/patterns';

let planted: CoChangeRepo;
const client = new Client({ name: 'skillwright-related-test', version: '1.0.0' });

before(async () => {
  planted = buildCoChangeRepo();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', join(process.cwd(), 'src/cli/main.ts'), 'mcp', '--repo', planted.repo.dir],
    env: { ...process.env, SKILLWRIGHT_DATA_DIR: mkdtempSync(join(tmpdir(), 'skillwright-related-data-')) } as Record<
      string,
      string
    >,
    stderr: 'pipe',
  });
  await client.connect(transport);
});

after(async () => {
  await client.close();
  planted.repo.cleanup();
});

const textOf = (result: unknown): string => (result as { content: { text?: string }[] }).content[0]?.text ?? '';

test('related_files over MCP names the companions with their evidence', async () => {
  const text = textOf(
    await client.callTool({ name: 'related_files', arguments: { files: ['src/router/index.ts'], k: 2 } }),
  );
  assert.match(text, /^Files that usually change together with src\/router\/index\.ts/);
  const firstCompanion = composePattern([
    String.raw`1\. test\/router\/index\.test\.ts: \d+% likely; changed together in 6 of 6 commits; `,
    String.raw`last in [0-9a-f]{8} "feat\(router\): step 5"`,
  ]);
  assert.match(text, firstCompanion);
  assert.match(text, /2\. docs\/routing\.md/);
});

test('related_files follows commits made while the server runs', async () => {
  await client.callTool({ name: 'related_files', arguments: { files: ['src/router/index.ts'] } });
  planted.repo.commit('feat(router): with a changelog', {
    files: { 'src/router/index.ts': 'export const r = 7;\n', 'CHANGELOG.md': '- router\n' },
  });
  const text = textOf(await client.callTool({ name: 'related_files', arguments: { files: ['CHANGELOG.md'] } }));
  assert.match(text, /1\. src\/router\/index\.ts: .*changed together in 1 of 1 commits/);
});

test('skillwright related prints the same from a terminal, and JSON on request', async () => {
  const run = await runCliIn(planted.repo.dir, ['related', 'src/billing/invoice.ts', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { files: string[]; related: Array<{ path: string; together?: number }> };
  assert.deepEqual(result.files, ['src/billing/invoice.ts']);
  assert.deepEqual([result.related[0]?.path, result.related[0]?.together], ['docs/billing.md', 6]);
  const fromSubfolder = await runCliIn(join(planted.repo.dir, 'src'), ['related', 'router/index.ts']);
  assert.match(fromSubfolder.stdout, /1\. test\/router\/index\.test\.ts/);
  assert.equal((await runCliIn(planted.repo.dir, ['related'])).code, 2);
});
