import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { BudgetExceeded, RunBudget } from '../../../src/core/llm/budget';
import { ChatModelError } from '../../../src/core/llm/chatModel';
import { guardChatModel, type GuardOptions } from '../../../src/core/llm/guardedChatModel';
import { createOpenAiChatModel } from '../../../src/core/llm/openaiChatModel';
import { type OpenAiTestServer, startOpenAiServer } from '../../support/llm/openaiServer';
import { recordingLogger } from './helpers';

const ask = { messages: [{ role: 'user' as const, content: 'hello' }] };

describe('guardChatModel over the real openai client', () => {
  let server: OpenAiTestServer;
  before(async () => (server = await startOpenAiServer()));
  after(() => server.close());
  beforeEach(() => server.requests.splice(0));
  const guarded = (options: Partial<GuardOptions> = {}): ReturnType<typeof guardChatModel> =>
    guardChatModel(createOpenAiChatModel({ baseUrl: server.baseUrl, model: 'm' }), {
      baseDelayMs: 5,
      random: () => 0.5,
      ...options,
    });

  it('honours retry-after on 429 and logs the retry', async () => {
    const logger = recordingLogger();
    server.script([{ fault: { kind: 'status', status: 429, retryAfter: '1' }, times: 1 }, { reply: 'ok' }]);
    const started = Date.now();
    const response = await guarded({ logger }).complete(ask);
    assert.equal(response.text, 'ok');
    assert.ok(Date.now() - started >= 950, 'waited for retry-after');
    assert.match(logger.text(), /\[warn\] llm openai:m: rate-limited \(HTTP 429.*\); retry 1\/3 in 1000 ms/);
  });

  it('caps a long retry-after', async () => {
    const logger = recordingLogger();
    server.script([{ fault: { kind: 'status', status: 429, retryAfter: '3600' }, times: 1 }, { reply: 'ok' }]);
    await guarded({ logger, maxRetryAfterMs: 50 }).complete(ask);
    assert.match(logger.text(), /retry 1\/3 in 50 ms/);
  });

  it('retries 500 and malformed bodies with backoff, then gives up with a clear line', async () => {
    const logger = recordingLogger();
    server.script([
      { fault: { kind: 'status', status: 500 }, times: 1 },
      { fault: { kind: 'malformed-body' }, times: 1 },
      { reply: 'fine' },
    ]);
    assert.equal((await guarded({ logger }).complete(ask)).text, 'fine');
    assert.equal(server.chatRequests().length, 3);
    server.script([{ fault: { kind: 'status', status: 503 } }]);
    await assert.rejects(
      guarded({ logger, maxAttempts: 2 }).complete(ask),
      (error: unknown) => error instanceof ChatModelError && error.kind === 'server',
    );
    assert.match(logger.text(), /server \(HTTP 503.*\); giving up after 2 attempt\(s\)/);
  });

  it('times out a hung connection and retries it', async () => {
    const logger = recordingLogger();
    server.script([{ fault: { kind: 'hang' }, times: 1 }, { reply: 'after hang' }]);
    const response = await guarded({ logger, timeoutMs: 300 }).complete(ask);
    assert.equal(response.text, 'after hang');
    assert.match(logger.text(), /timeout \(the model endpoint did not answer in time\); retry 1/);
  });

  it('is cancelled by the AbortSignal while the connection hangs, without retrying', async () => {
    server.script([{ fault: { kind: 'hang' } }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await assert.rejects(
      guarded().complete({ ...ask, signal: controller.signal }),
      (error: unknown) => error instanceof ChatModelError && error.kind === 'cancelled',
    );
    assert.ok(Date.now() - started < 2000);
    assert.equal(server.chatRequests().length, 1);
  });

  it('stops with BudgetExceeded once the run has spent its tokens', async () => {
    server.script([{ reply: 'x', usage: { prompt: 60, completion: 50 } }]);
    const budget = new RunBudget({ maxTokens: 200 });
    const model = guarded({ budget });
    await model.complete(ask);
    await model.complete(ask);
    await assert.rejects(
      model.complete(ask),
      (error: unknown) => error instanceof BudgetExceeded && error.limit === 'tokens' && error.used.tokens === 220,
    );
    assert.equal(server.chatRequests().length, 2, 'no request is sent past the budget');
  });

  it('stops on cost with per-1k prices', async () => {
    server.script([{ reply: 'x', usage: { prompt: 1000, completion: 1000 } }]);
    const budget = new RunBudget({ maxCostUsd: 0.01, prices: { inputPer1k: 0.003, outputPer1k: 0.006 } });
    const model = guarded({ budget });
    await model.complete(ask);
    await model.complete(ask);
    await assert.rejects(
      model.complete(ask),
      (error: unknown) => error instanceof BudgetExceeded && error.limit === 'cost',
    );
    assert.equal(budget.costUsd.toFixed(3), '0.018');
  });

  it('bounds concurrency', async () => {
    server.script([{ reply: 'slow', delayMs: 80 }]);
    const model = guarded({ concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => model.complete(ask)));
    assert.equal(server.maxConcurrent(), 2);
  });

  it('redacts every message before it is sent', async () => {
    const secret = ['gh', 'p_', 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'].join('');
    server.script([{ reply: 'ok' }]);
    await guarded().complete({
      messages: [
        { role: 'system', content: `token ${secret}` },
        { role: 'user', content: `export GITHUB_TOKEN=${secret}` },
      ],
    });
    const raw = server.chatRequests()[0]?.raw ?? '';
    assert.ok(!raw.includes(secret));
    assert.match(raw, /REDACTED/);
  });
});

describe('openai adapter', () => {
  let server: OpenAiTestServer;
  before(async () => (server = await startOpenAiServer()));
  after(() => server.close());

  it('sends Azure api-version and api-key, and falls back from json_schema when the endpoint rejects it', async () => {
    server.script([
      {
        match: (request) => request.body.response_format?.type === 'json_schema',
        fault: {
          kind: 'status',
          status: 400,
          message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported",
        },
      },
      { reply: '{}' },
    ]);
    const model = createOpenAiChatModel({
      baseUrl: `${server.baseUrl}/openai/deployments/gpt4`,
      model: 'gpt4',
      apiKey: 'azure-key',
      apiVersion: '2024-10-21',
    });
    const response = await guardChatModel(model, { maxAttempts: 1 }).complete({
      ...ask,
      jsonSchema: { type: 'object' },
      schemaName: 's',
    });
    assert.equal(response.text, '{}');
    const [first, second] = server.chatRequests();
    assert.equal(first?.headers['api-key'], 'azure-key');
    assert.equal(second?.body.response_format?.type, 'json_object');
    assert.match(server.requests[0]?.path ?? '', /\/openai\/deployments\/gpt4\/chat\/completions$/);
  });
});
