import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { cachedEmbedder, decodeVector, encodeVector } from '../../../src/core/matching/embeddingCache';
import { createHybridMatcher } from '../../../src/core/matching/hybridMatcher';
import { createOpenAiEmbedder, EmbeddingError } from '../../../src/core/matching/openAiEmbedder';
import { buildSkillIndex } from '../../../src/core/matching/skillIndex';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { LABELLED_SKILLS } from '../../support/matching/labelledSkills';

/** Concept axes a toy embedding model knows: texts sharing a concept point the same way. */
const CONCEPTS: RegExp[] = [
  /\b(slow|faster|speed|latency|cache|caching|ttl)\b/i,
  /\b(migration|schema|column|table)\b/i,
  /\b(email|mjml|newsletter)\b/i,
  /\b(flag|rollout)\b/i,
];

let server: Server;
let baseUrl: string;
let requests: { auth?: string; inputs: string[] }[] = [];
let failNext = false;

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url !== '/v1/embeddings' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      if (failNext) {
        failNext = false;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"overloaded"}');
        return;
      }
      const { input } = JSON.parse(body) as { input: string[] };
      requests.push({ auth: req.headers.authorization, inputs: input });
      const data = input.map((text, index) => ({
        index,
        embedding: [...CONCEPTS.map((concept) => (concept.test(text) ? 1 : 0)), 0.05],
      }));
      // Answer out of order: the client must place vectors by index.
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: data.reverse(), model: 'toy' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the embeddings client posts batches with the key and orders vectors by index', async () => {
  requests = [];
  const embedder = createOpenAiEmbedder({ baseUrl, model: 'toy', apiKey: 'sk-test', batchSize: 2 });
  const vectors = await embedder.embed(['a slow page', 'add a column', 'plain']);
  assert.equal(requests.length, 2);
  assert.equal(requests[0]?.auth, 'Bearer sk-test');
  assert.deepEqual(
    vectors.map((vector) => vector.slice(0, 2)),
    [
      [1, 0],
      [0, 1],
      [0, 0],
    ],
  );
});

test('the embeddings client redacts what it sends', async () => {
  requests = [];
  const token = `ghp_${'Ab1'.repeat(12)}`;
  const embedder = createOpenAiEmbedder({ baseUrl, model: 'toy' });
  await embedder.embed([`why is the cache slow with GITHUB_TOKEN=${token}`]);
  const sent = requests.flatMap((request) => request.inputs).join('\n');
  assert.equal(sent.includes(token), false);
  assert.match(sent, /\[REDACTED:/);
});

test('an HTTP error becomes an EmbeddingError, and the hybrid matcher falls back to lexical', async () => {
  const embedder = createOpenAiEmbedder({ baseUrl, model: 'toy' });
  failNext = true;
  await assert.rejects(
    embedder.embed(['x']),
    (error: unknown) => error instanceof EmbeddingError && /503/.test(error.message),
  );
  failNext = true;
  const index = buildSkillIndex(LABELLED_SKILLS);
  const results = await createHybridMatcher(index, embedder).match({ text: 'add an orders table migration' }, 1);
  assert.equal(results[0]?.name, 'db-migrations');
  assert.equal(results[0]?.explanation.semantic, undefined);
});

test('vectors are cached in the store: the library is embedded once across matchers', async () => {
  const db = await openSqlJsDatabase();
  requests = [];
  const embedder = cachedEmbedder(createOpenAiEmbedder({ baseUrl, model: 'toy' }), db);
  const index = buildSkillIndex(LABELLED_SKILLS);
  await createHybridMatcher(index, embedder).match({ text: 'speed up the product page' }, 3);
  const firstRun = requests.flatMap((request) => request.inputs).length;
  assert.equal(firstRun, LABELLED_SKILLS.length + 1);
  requests = [];
  await createHybridMatcher(index, embedder).match({ text: 'speed up the product page' }, 3);
  assert.equal(requests.length, 0, 'everything came from the embeddings table');
  const stored = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM embeddings WHERE model = ?', ['toy']);
  assert.equal(stored?.n, LABELLED_SKILLS.length + 1);
  db.close();
});

test('blending finds a skill by meaning where words do not overlap', async () => {
  const embedder = createOpenAiEmbedder({ baseUrl, model: 'toy' });
  const index = buildSkillIndex(LABELLED_SKILLS);
  const task = { text: 'the pricing page feels slow, make it faster' };
  const lexicalTop = index.match(task, 1)[0];
  assert.notEqual(lexicalTop?.name, 'caching-redis');
  const [top] = await createHybridMatcher(index, embedder).match(task, 1);
  assert.equal(top?.name, 'caching-redis');
  assert.ok((top?.explanation.semantic ?? 0) > 0.9);
});

test('float32 vectors round-trip through the BLOB encoding', () => {
  assert.deepEqual(decodeVector(encodeVector([0.5, -1, 2.25])), [0.5, -1, 2.25]);
});
