/**
 * The project's only import of @modelcontextprotocol/sdk. It uses the SDK's low-level Server
 * with JSON Schema tool definitions rather than McpServer, whose registerTool needs zod schemas
 * (zod is confined to src/core/llm/). The protocol handling is the SDK's; the stdio framing is
 * ours (jsonRpcLines.ts, jsonRpcGate.ts), so that oversized or malformed lines get an answer.
 */
import type { Readable, Writable } from 'node:stream';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  type JSONRPCMessage,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { INVALID_PARAMS, INVALID_REQUEST, JsonRpcGate, errorResponse, oneLineError, sniffId } from './jsonRpcGate';
import { JsonRpcLines, MAX_LINE_BYTES } from './jsonRpcLines';
import { MCP_TOOLS, type SkillwrightMcpOptions, argumentProblem, textResult } from './mcpTools';

export type { SkillwrightMcpOptions } from './mcpTools';

export function createSkillwrightMcpServer(options: SkillwrightMcpOptions): Server {
  const server = new Server(
    { name: 'skillwright', version: options.version ?? '0.0.0' },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: MCP_TOOLS.map(({ name, description, inputSchema, annotations }) => ({
      name,
      description,
      inputSchema,
      annotations,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = MCP_TOOLS.find((candidate) => candidate.name === request.params.name);
    if (!tool)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool "${request.params.name.slice(0, 80)}"; this server ` +
          `has ${MCP_TOOLS.map((known) => known.name).join(', ')}`,
      );
    const args = request.params.arguments ?? {};
    const problem = argumentProblem(tool, args);
    if (problem) return textResult(problem, true);
    try {
      return await tool.call(args, options);
    } catch (error) {
      options.logger?.error(error instanceof Error ? error : String(error));
      return textResult(
        `skillwright failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        true,
      );
    }
  });
  return server;
}

/** Serves over this process's stdin/stdout until the client disconnects. */
export async function runSkillwrightMcpOverStdio(options: SkillwrightMcpOptions): Promise<void> {
  const server = createSkillwrightMcpServer(options);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(stdioTransport(process.stdin, process.stdout, options));
  await closed;
}

/**
 * An SDK Transport over newline-delimited JSON: the gate answers what the SDK must not see, and
 * error answers the SDK makes are cut to one line.
 */
export function stdioTransport(
  input: Readable,
  output: Writable,
  options: Pick<SkillwrightMcpOptions, 'logger'> = {},
): Transport {
  const gate = new JsonRpcGate();
  const transport: Transport = {
    start: async () => lines.start(),
    send: (message) => lines.send(tidy(message)),
    close: async () => {
      lines.stop();
      transport.onclose?.();
    },
  };
  const lines = new JsonRpcLines(input, output, {
    line(text) {
      const verdict = gate.inspect(text);
      if ('forward' in verdict) transport.onmessage?.(verdict.forward as JSONRPCMessage);
      else if ('reply' in verdict) void lines.send(verdict.reply);
    },
    oversized(head, bytes) {
      options.logger?.warn(`mcp: refused a ${bytes}-byte request line (limit ${MAX_LINE_BYTES})`);
      void lines.send(
        errorResponse(
          sniffId(head),
          INVALID_REQUEST,
          `Invalid Request: the request is ${bytes} bytes; requests are limited to ${MAX_LINE_BYTES} bytes (1 ` +
            `MiB) per line`,
        ),
      );
    },
    close: () => transport.onclose?.(),
    error: (error) => transport.onerror?.(error),
  });
  return transport;
}

function tidy(message: JSONRPCMessage): JSONRPCMessage {
  if (!('error' in message) || typeof message.error?.message !== 'string') return message;
  // The SDK prefixes the messages of errors thrown in handlers with their code, which the code field already says.
  const line = oneLineError(message.error.message.replace(/^MCP error -?\d{1,6}: /, ''));
  if (line.message === message.error.message) return message;
  return {
    ...message,
    error: { ...message.error, message: line.message, ...(line.invalidParams ? { code: INVALID_PARAMS } : {}) },
  };
}
