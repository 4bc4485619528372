import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { deterministicVector, type OpenAiTestServer, startOpenAiServer } from '../../support/llm/openaiServer';

// The test server itself, driven by the real client: streaming and embeddings are used by other
// helpers, so they must behave like the real API.
describe('the loopback OpenAI-compatible server', () => {
  let server: OpenAiTestServer;
  let client: OpenAI;
  before(async () => {
    server = await startOpenAiServer([
      {
        match: (request) => JSON.stringify(request.body.messages).includes('stream me'),
        reply: 'streamed answer text',
      },
      { reply: 'plain' },
    ]);
    client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'k', maxRetries: 0 });
  });
  after(() => server.close());

  it('streams a scripted answer over SSE with usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'stream me' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage?.total_tokens ?? usage;
    }
    assert.equal(text, 'streamed answer text');
    assert.ok(usage > 0);
  });

  it('records requests and answers JSON-mode requests with the first matching rule', async () => {
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_object' },
    });
    assert.equal(completion.choices[0]?.message.content, 'plain');
    assert.equal(server.requests.at(-1)?.body.response_format?.type, 'json_object');
  });

  it('serves deterministic embeddings where shared words mean closer vectors', async () => {
    const result = await client.embeddings.create({
      model: 'e',
      input: ['run the unit tests', 'run unit tests quickly', 'deploy kubernetes cluster'],
    });
    const [a, b, c] = result.data.map((item) => item.embedding);
    const dot = (x: number[] = [], y: number[] = []): number =>
      x.reduce((sum, value, index) => sum + value * (y[index] ?? 0), 0);
    assert.ok(dot(a, b) > dot(a, c));
    const expected = deterministicVector('run the unit tests');
    assert.ok(a?.every((value, index) => Math.abs(value - (expected[index] ?? 0)) < 1e-6));
    const floats = await client.embeddings.create({
      model: 'e',
      input: 'run the unit tests',
      encoding_format: 'float',
    });
    assert.deepEqual(floats.data[0]?.embedding, expected);
  });
});
