import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import { createOpenAiChatModel } from '../../../src/core/llm/openaiChatModel';
import { guardChatModel } from '../../../src/core/llm/guardedChatModel';
import { extractJson } from '../../../src/core/llm/jsonExtract';
import { completeStructured } from '../../../src/core/llm/structured';
import { type OpenAiTestServer, startOpenAiServer, messagesOf } from '../../support/llm/openaiServer';
import { recordingLogger } from './helpers';

const schema = z.object({ verdict: z.enum(['keep', 'drop']), reasons: z.array(z.string()).min(1) });
const request = { schemaName: 'verdict', messages: [{ role: 'user' as const, content: 'Judge it.' }] };

describe('completeStructured through the real openai client', () => {
  let server: OpenAiTestServer;
  before(async () => (server = await startOpenAiServer()));
  after(() => server.close());
  beforeEach(() => server.requests.splice(0));
  const model = (): ReturnType<typeof guardChatModel> =>
    guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'test-model', apiKey: 'k' }), {
      baseDelayMs: 5,
    });

  it('returns the validated object and sends the schema as response_format', async () => {
    server.script([{ reply: '{"verdict":"keep","reasons":["tested"]}' }]);
    const result = await completeStructured(model(), schema, request);
    assert.deepEqual(result.ok && result.value, { verdict: 'keep', reasons: ['tested'] });
    const sent = server.chatRequests()[0]?.body.response_format;
    assert.equal(sent?.type, 'json_schema');
    assert.equal(sent?.json_schema?.name, 'verdict');
    assert.ok(result.usage.input > 0 && result.usage.output > 0);
  });

  it('reads JSON out of a ```json fence in prose', async () => {
    server.script([{ reply: 'Here you go:\n```json\n{"verdict":"drop","reasons":["old"]}\n```\nThanks' }]);
    const result = await completeStructured(model(), schema, request);
    assert.equal(result.ok && result.value.verdict, 'drop');
  });

  it('repairs a schema-violating answer once, quoting the validation errors', async () => {
    const logger = recordingLogger();
    server.script([
      { reply: '{"verdict":"maybe","reasons":[]}', times: 1 },
      { reply: '{"verdict":"keep","reasons":["fixed"]}' },
    ]);
    const result = await completeStructured(model(), schema, request, { logger });
    assert.equal(result.ok, true);
    assert.equal(result.attempts, 2);
    const repair = server.chatRequests()[1];
    assert.ok(repair);
    assert.match(messagesOf(repair, 'user'), /rejected: schema violation: verdict: .*reasons/s);
    assert.match(messagesOf(repair, 'assistant'), /"maybe"/);
    assert.match(logger.text(), /invalid answer .*asking once for a repair/);
  });

  for (const [fault, reply, pattern] of [
    ['invalid JSON', '{"verdict": "keep", "reasons": [', /not JSON/],
    ['schema-violating JSON', '{"verdict":"keep"}', /schema violation: reasons/],
    ['an empty answer', '', /empty answer/],
    [
      'a 2 MB answer',
      `{"verdict":"keep","reasons":["${'x'.repeat(2 * 1024 * 1024)}"]}`,
      /answer too large \(2097\d+ characters/,
    ],
  ] as const) {
    it(`drops ${fault} after one repair, with a logged reason`, async () => {
      const logger = recordingLogger();
      server.script([{ reply }]);
      const result = await completeStructured(model(), schema, request, { logger, label: 'probe' });
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : '', pattern);
      assert.equal(server.chatRequests().length, 2, 'exactly one repair attempt');
      assert.match(logger.text(), /llm probe: dropped after one repair attempt/);
      // The repair request quotes at most a bounded slice of the bad answer.
      assert.ok((server.chatRequests()[1]?.raw.length ?? 0) < 20_000);
    });
  }

  it('turns an endpoint failure into {ok:false} with the error kind, not a throw', async () => {
    const logger = recordingLogger();
    server.script([{ fault: { kind: 'status', status: 400, message: 'model not found' } }]);
    const result = await completeStructured(model(), schema, request, { logger, label: 'probe' });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error?.kind, 'bad-request');
    assert.match(logger.text(), /llm probe: dropped, model call failed: bad-request: HTTP 400/);
  });
});

describe('extractJson', () => {
  it('finds the first balanced object in prose, ignoring braces inside strings', () => {
    const found = extractJson('Sure! {"a": "x } y", "b": [1, {"c": 2}]} trailing');
    assert.deepEqual(found.ok && found.value, { a: 'x } y', b: [1, { c: 2 }] });
  });
  it('says why when there is nothing to parse', () => {
    assert.deepEqual(extractJson('   '), { ok: false, reason: 'empty answer' });
    assert.equal(extractJson('no json here').ok, false);
  });
});
