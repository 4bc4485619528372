import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LABELLED_SKILLS } from '../../support/matching/labelledSkills';
import { tempRepoWithSkills } from '../../support/matching/skillFolder';

const repo = tempRepoWithSkills(LABELLED_SKILLS, 'skillwright-mcp-');
const dataDir = mkdtempSync(join(tmpdir(), 'skillwright-mcp-data-'));
const client = new Client({ name: 'skillwright-test', version: '1.0.0' });
let transport: StdioClientTransport;

interface TextResult {
  content: { type: string; text?: string }[];
  isError?: boolean;
}
const textOf = (result: unknown): string => (result as TextResult).content[0]?.text ?? '';

before(async () => {
  transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', join(process.cwd(), 'src/cli/main.ts'), 'mcp', '--repo', repo],
    env: { ...process.env, SKILLWRIGHT_DATA_DIR: dataDir } as Record<string, string>,
    stderr: 'pipe',
  });
  await client.connect(transport);
});

after(async () => {
  await client.close();
});

test('tools/list offers search_skills, read_skill, related_files and report_gap', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((tool) => tool.name).sort(), [
    'read_skill',
    'related_files',
    'report_gap',
    'search_skills',
  ]);
  const search = tools.find((tool) => tool.name === 'search_skills');
  assert.deepEqual(search?.inputSchema.required, ['task']);
});

test('search_skills returns the matching skill body', async () => {
  const result = await client.callTool({
    name: 'search_skills',
    arguments: { task: 'handle a stripe refund webhook', files: ['packages/api/src/payments/refund.ts'] },
  });
  const text = textOf(result);
  assert.match(text, /^## Skill: payments-stripe/);
  assert.match(text, /stripe\.webhooks\.constructEvent/);
  assert.deepEqual((result.structuredContent as { gap: boolean }).gap, false);
});

test('read_skill reads one skill and reports an unknown name as an error', async () => {
  assert.match(
    textOf(await client.callTool({ name: 'read_skill', arguments: { name: 'feature-flags' } })),
    /^# feature-flags\n/,
  );
  const missing = (await client.callTool({ name: 'read_skill', arguments: { name: 'nope' } })) as TextResult;
  assert.equal(missing.isError, true);
  assert.match(missing.content[0]?.text ?? '', /Available: .*db-migrations/);
});

test('report_gap records the gap in the inbox beside the store', async () => {
  const result = await client.callTool({
    name: 'report_gap',
    arguments: { task: 'rotate TLS certificates on the load balancer', details: 'had to read the ansible role' },
  });
  assert.match(textOf(result), /recorded/);
  const inboxes = readFileSync(join(dataDir, 'skillwright', findStoreKey(), 'gap-inbox.jsonl'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(inboxes.length, 1);
  assert.match(inboxes[0] ?? '', /rotate TLS certificates/);
});

test('bad arguments are tool errors, not crashes', async () => {
  const result = (await client.callTool({ name: 'search_skills', arguments: { task: 42 } })) as TextResult;
  assert.equal(result.isError, true);
  assert.equal((await client.listTools()).tools.length, 4, 'still serving');
  const related = (await client.callTool({ name: 'related_files', arguments: { files: [] } })) as TextResult;
  assert.equal(related.isError, true);
});

test('related_files outside a git repository says why instead of failing', async () => {
  const result = (await client.callTool({ name: 'related_files', arguments: { files: ['a.ts'] } })) as TextResult;
  assert.match(result.content[0]?.text ?? '', /could not read this repository's history/);
});

function findStoreKey(): string {
  const [key] = readdirSync(join(dataDir, 'skillwright'));
  assert.ok(key);
  return key;
}
