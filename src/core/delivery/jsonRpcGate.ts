/**
 * What reaches the MCP server, decided before the SDK sees it. The SDK drops a message that does
 * not fit its schema without a reply, answers requests before `initialize`, and returns a zod
 * dump as an error message; a client then waits forever or shows a wall of JSON. Here every line
 * either goes on as a well-formed message or gets the JSON-RPC 2.0 answer it is owed:
 * -32700 for text that is not JSON, -32600 for JSON that is not a request, -32602 for bad
 * params, -32002 before initialization.
 */
export type JsonRpcId = string | number;

export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  error: { code: number; message: string };
}

export type GateVerdict = { forward: Record<string, unknown> } | { reply: JsonRpcErrorResponse } | { ignore: true };

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;
/** As in LSP: a request other than initialize or ping before the handshake. */
export const NOT_INITIALIZED = -32002;

const BEFORE_INITIALIZE = new Set(['initialize', 'ping']);

export function errorResponse(id: JsonRpcId | null, code: number, message: string): JsonRpcErrorResponse {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/** The id of a request too long to parse, found in its first bytes, so the client can match the error. */
export function sniffId(head: string): JsonRpcId | null {
  const found = /"id"\s{0,8}:\s{0,8}(-?\d{1,15}(?![.\deE])|"(?:[^"\\]|\\.){0,200}")/.exec(head);
  if (!found?.[1]) return null;
  try {
    return JSON.parse(found[1]) as JsonRpcId;
  } catch {
    return null;
  }
}

/** Tracks the lifecycle across lines: requests wait for `initialize`. */
export class JsonRpcGate {
  private initialized = false;

  inspect(line: string): GateVerdict {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return { reply: errorResponse(null, PARSE_ERROR, 'Parse error: the line is not valid JSON') };
    }
    if (Array.isArray(message)) {
      return {
        reply: errorResponse(
          null,
          INVALID_REQUEST,
          'Invalid Request: batches are not supported; send one JSON-RPC object per line',
        ),
      };
    }
    if (message === null || typeof message !== 'object') {
      return { reply: errorResponse(null, INVALID_REQUEST, 'Invalid Request: expected a JSON-RPC 2.0 object') };
    }
    return this.inspectObject(message as Record<string, unknown>);
  }

  private inspectObject(message: Record<string, unknown>): GateVerdict {
    const hasId = 'id' in message;
    const id = message.id;
    const validId = typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
    const replyId = validId ? (id as JsonRpcId) : null;
    if (message.jsonrpc !== '2.0')
      return { reply: errorResponse(replyId, INVALID_REQUEST, 'Invalid Request: "jsonrpc" must be "2.0"') };
    const method = message.method;
    if (method === undefined) {
      // A response to a request of ours; the server sends none, but the SDK decides what to do with it.
      if (validId && ('result' in message || 'error' in message)) return { forward: message };
      return { reply: errorResponse(replyId, INVALID_REQUEST, 'Invalid Request: "method" is missing') };
    }
    if (typeof method !== 'string')
      return { reply: errorResponse(replyId, INVALID_REQUEST, 'Invalid Request: "method" must be a string') };
    if (hasId && !validId) {
      // JSON-RPC allows a null id but discourages it, and MCP forbids it: the request is refused, answered with id
      // null.
      return {
        reply: errorResponse(
          null,
          INVALID_REQUEST,
          `Invalid Request: "id" must be a string or an integer, not ${id === null ? 'null' : typeof id}`,
        ),
      };
    }
    const params = message.params;
    if ('params' in message && (params === null || typeof params !== 'object')) {
      return hasId
        ? { reply: errorResponse(replyId, INVALID_REQUEST, 'Invalid Request: "params" must be an object when present') }
        : { ignore: true };
    }
    if (Array.isArray(params)) {
      return hasId
        ? {
            reply: errorResponse(
              replyId,
              INVALID_PARAMS,
              `Invalid params: ${method} takes named parameters (an object), not a list`,
            ),
          }
        : { ignore: true };
    }
    // A notification is never answered, even a bad one (JSON-RPC 2.0, section 4.1).
    if (!hasId) return { forward: message };
    if (!this.initialized && !BEFORE_INITIALIZE.has(method)) {
      return {
        reply: errorResponse(
          replyId,
          NOT_INITIALIZED,
          `Server not initialized: send "initialize" before "${method.slice(0, 80)}"`,
        ),
      };
    }
    const problem = paramsProblem(method, params as Record<string, unknown> | undefined);
    if (problem) return { reply: errorResponse(replyId, INVALID_PARAMS, `Invalid params: ${problem}`) };
    if (method === 'initialize') this.initialized = true;
    return { forward: message };
  }
}

/** The shapes the SDK would otherwise reject with a zod dump. */
function paramsProblem(method: string, params: Record<string, unknown> | undefined): string | undefined {
  if (method === 'tools/call') {
    if (typeof params?.name !== 'string') return 'tools/call needs "name", the tool to call, as a string';
    const args = params.arguments;
    if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args)))
      return `"arguments" of ${params.name.slice(0, 80)} must be an object`;
  }
  if (
    method === 'initialize' &&
    (typeof params?.protocolVersion !== 'string' || typeof params.clientInfo !== 'object' || params.clientInfo === null)
  ) {
    return 'initialize needs "protocolVersion" (a string), "capabilities" and "clientInfo"';
  }
  return undefined;
}

/** A zod issue list that the SDK put into an error message, as one readable line. */
export function oneLineError(message: string): { message: string; invalidParams: boolean } {
  if (!message.includes('\n')) return { message, invalidParams: false };
  try {
    const issues = JSON.parse(message) as { path?: unknown[]; message?: string }[];
    if (Array.isArray(issues) && issues.length > 0) {
      const parts = issues
        .slice(0, 3)
        .map((issue) => `${(issue.path ?? []).join('.') || 'request'}: ${issue.message ?? 'invalid'}`);
      return { message: `Invalid params: ${parts.join('; ')}`, invalidParams: true };
    }
  } catch {
    // Not an issue list: fall through to joining the lines.
  }
  return { message: message.replace(/\s*\n\s*/g, ' ').slice(0, 500), invalidParams: false };
}
