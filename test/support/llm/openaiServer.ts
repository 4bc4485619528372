/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: scripted answers chosen by matching
 * the request, every request recorded, and faults injected on demand. Serves
 * `/v1/chat/completions` (stream false and true, JSON mode accepted) and `/v1/embeddings`
 * (deterministic bag-of-words vectors, so similar texts get similar vectors).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ChatBody {
  model?: string;
  messages?: { role: string; content: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  max_tokens?: number;
  input?: string | string[];
  dimensions?: number;
  encoding_format?: string;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: ChatBody;
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Answers 200 with a body that is not JSON. */
  | { kind: 'malformed-body' };

export interface ScriptRule {
  /** Which requests this rule answers; all when absent. */
  match?: (request: RecordedRequest) => boolean;
  /** The assistant message content, fixed or computed from the request. */
  reply?: string | ((request: RecordedRequest) => string);
  fault?: Fault;
  /** How many requests the rule may answer before it is used up. @default Infinity */
  times?: number;
  /** Answer after this many milliseconds (to observe concurrency). */
  delayMs?: number;
  usage?: { prompt: number; completion: number };
}

export interface OpenAiTestServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Rules are tried in order; the first unused matching one answers. */
  script(rules: ScriptRule[]): void;
  chatRequests(): RecordedRequest[];
  /** The most chat requests that were being answered at the same time. */
  maxConcurrent(): number;
  close(): Promise<void>;
}

export async function startOpenAiServer(rules: ScriptRule[] = []): Promise<OpenAiTestServer> {
  let active = rules.map((rule) => ({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ChatBody = {};
      try {
        body = raw ? (JSON.parse(raw) as ChatBody) : {};
      } catch {
        body = {};
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '').split('?')[0] ?? '',
        headers: req.headers,
        raw,
        body,
      };
      requests.push(recorded);
      if (recorded.path.endsWith('/embeddings')) return sendJson(res, 200, embeddings(body));
      if (!recorded.path.endsWith('/chat/completions')) return sendJson(res, 404, { error: { message: 'not found' } });
      const entry = active.find((candidate) => candidate.left > 0 && (candidate.rule.match?.(recorded) ?? true));
      if (!entry)
        return sendJson(res, 500, {
          error: { message: 'no scripted reply matched this request', type: 'test_server' },
        });
      entry.left--;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      if (entry.rule.delayMs) setTimeout(() => answer(res, recorded, entry.rule), entry.rule.delayMs);
      else answer(res, recorded, entry.rule);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(next: ScriptRule[]): void {
      active = next.map((rule) => ({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }));
    },
    maxConcurrent: () => maxInFlight,
    chatRequests: () => requests.filter((request) => request.path.endsWith('/chat/completions')),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(res: ServerResponse, request: RecordedRequest, rule: ScriptRule): void {
  const fault = rule.fault;
  if (fault?.kind === 'hang') return;
  if (fault?.kind === 'malformed-body') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id": "chatcmpl-broken", "choices": [ {');
    return;
  }
  if (fault?.kind === 'status') {
    const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
    return sendJson(
      res,
      fault.status,
      { error: { message: fault.message ?? `injected ${fault.status}`, type: 'test_fault' } },
      headers,
    );
  }
  const content = typeof rule.reply === 'function' ? rule.reply(request) : (rule.reply ?? '');
  const promptText = (request.body.messages ?? []).map((message) => message.content).join('\n');
  const usage = {
    prompt_tokens: rule.usage?.prompt ?? Math.ceil(promptText.length / 4),
    completion_tokens: rule.usage?.completion ?? Math.ceil(content.length / 4),
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const base = { id: `chatcmpl-${requestCount++}`, created: 1_700_000_000, model: request.body.model ?? 'test-model' };
  if (request.body.stream)
    return stream(res, base, content, request.body.stream_options?.include_usage ? usage : undefined);
  sendJson(res, 200, {
    ...base,
    object: 'chat.completion',
    choices: [
      { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null },
    ],
    usage,
  });
}

let requestCount = 0;

function stream(
  res: ServerResponse,
  base: Record<string, unknown>,
  content: string,
  usage: Record<string, number> | undefined,
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const piece = Math.max(1, Math.ceil(content.length / 3));
  const chunk = (delta: Record<string, unknown>, finish: string | null): string => {
    const choice = { index: 0, delta, finish_reason: finish };
    return `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`;
  };
  res.write(chunk({ role: 'assistant', content: '' }, null));
  for (let at = 0; at < content.length; at += piece) res.write(chunk({ content: content.slice(at, at + piece) }, null));
  res.write(chunk({}, 'stop'));
  if (usage) res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
  res.end('data: [DONE]\n\n');
}

function embeddings(body: ChatBody): Record<string, unknown> {
  const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ''];
  const dimensions = body.dimensions ?? 64;
  return {
    object: 'list',
    model: body.model ?? 'test-embedding',
    data: inputs.map((text, index) => {
      const vector = deterministicVector(text, dimensions);
      // The openai client asks for base64 (little-endian float32) by default and decodes it.
      const embedding =
        body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    }),
    usage: { prompt_tokens: inputs.join(' ').length, total_tokens: inputs.join(' ').length },
  };
}

/** Hashes each lowercase word into a bucket and normalises, so shared words mean similar vectors. */
export function deterministicVector(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const digest = createHash('sha256').update(word).digest();
    const bucket = digest.readUInt32BE(0) % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + ((digest[4] ?? 0) % 2 === 0 ? 1 : -1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The text of the request's messages with the given role, joined. */
export function messagesOf(request: RecordedRequest, role: 'system' | 'user' | 'assistant'): string {
  return (request.body.messages ?? [])
    .filter((message) => message.role === role)
    .map((message) => message.content)
    .join('\n');
}
