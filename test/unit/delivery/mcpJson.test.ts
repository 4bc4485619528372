import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseJsonc } from '../../../src/core/delivery/jsoncText';
import { McpJsonError, writeMcpJson } from '../../../src/core/delivery/mcpJson';

const entry = { command: 'npx', args: ['skillwright', 'mcp', '--repo', '${workspaceFolder}'] };

function workspace(mcpJson?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'skillwright-mcpjson-'));
  if (mcpJson !== undefined) {
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode', 'mcp.json'), mcpJson);
  }
  return dir;
}

const read = (dir: string): string => readFileSync(join(dir, '.vscode', 'mcp.json'), 'utf8');

test('creates .vscode/mcp.json with a stdio server entry', async () => {
  const dir = workspace();
  const result = await writeMcpJson(dir, entry);
  assert.equal(result.action, 'created');
  assert.deepEqual(JSON.parse(read(dir)), { servers: { skillwright: { type: 'stdio', ...entry } } });
  assert.equal((await writeMcpJson(dir, entry)).action, 'unchanged');
});

test('adds beside other servers and inputs, and updates its own entry in place', async () => {
  const original = JSON.stringify(
    {
      inputs: [{ id: 'token', type: 'promptString' }],
      servers: { github: { type: 'http', url: 'https://api.example.com/mcp' } },
    },
    null,
    4,
  );
  const dir = workspace(original);
  assert.equal((await writeMcpJson(dir, entry)).action, 'added');
  const added = JSON.parse(read(dir)) as { servers: Record<string, unknown>; inputs: unknown[] };
  assert.deepEqual(Object.keys(added.servers).sort(), ['github', 'skillwright']);
  assert.equal(added.inputs.length, 1);
  assert.match(read(dir), /\n {8}"skillwright": \{\n {12}"type": "stdio"/, "keeps the file's four-space indent");

  assert.equal((await writeMcpJson(dir, { command: 'node', args: ['dist/cli.js', 'mcp'] })).action, 'updated');
  const updated = JSON.parse(read(dir)) as { servers: Record<string, { command?: string; url?: string }> };
  assert.equal(updated.servers.skillwright?.command, 'node');
  assert.equal(updated.servers.github?.url, 'https://api.example.com/mcp');
});

test('comments and trailing commas survive an edit', async () => {
  const original = `{
  // Servers for this workspace
  "servers": {
    /* the team's search server */
    "search": { "type": "stdio", "command": "search-mcp", },
  },
}
`;
  const dir = workspace(original);
  await writeMcpJson(dir, entry);
  const text = read(dir);
  assert.match(text, /\/\/ Servers for this workspace/);
  assert.match(text, /\/\* the team's search server \*\//);
  const parsed = parseJsonc(text) as { servers: Record<string, { command: string }> };
  assert.equal(parsed.servers.search?.command, 'search-mcp');
  assert.equal(parsed.servers.skillwright?.command, 'npx');
});

test('an unparsable mcp.json is refused with a clear error and left untouched', async () => {
  const broken = '{ "servers": { "x": ';
  const dir = workspace(broken);
  await assert.rejects(
    writeMcpJson(dir, entry),
    (error: unknown) => error instanceof McpJsonError && /not valid JSON/.test(error.message),
  );
  assert.equal(read(dir), broken);
  const arrayDir = workspace('[1, 2]');
  await assert.rejects(writeMcpJson(arrayDir, entry), /does not hold a JSON object/);
});
