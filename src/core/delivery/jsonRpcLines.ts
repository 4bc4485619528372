import type { Readable, Writable } from 'node:stream';

/**
 * Newline-delimited JSON-RPC over a pair of streams (MCP's stdio transport), with a cap on the
 * length of one line. The SDK's own stdio transport buffers a line however long it grows and
 * drops whatever it cannot parse without a word; here a line over the cap is skipped as it
 * streams in (only its head is kept, to find its id), and every line is handed on as text, so
 * the caller can answer garbage with a JSON-RPC error and keep serving.
 */
export interface LineHandlers {
  line(text: string): void;
  /** A line longer than the cap arrived; `head` is its first bytes, for the request id. */
  oversized(head: string, bytes: number): void;
  close(): void;
  error(error: Error): void;
}

/** 1 MiB: a tool call carries a task and a few paths, so a line this long is not a request. */
export const MAX_LINE_BYTES = 1024 * 1024;
const HEAD_BYTES = 512;
const NEWLINE = 0x0a;

export class JsonRpcLines {
  private parts: Buffer[] = [];
  private length = 0;
  /** Bytes of the line being skipped, or -1 when not skipping. */
  private skipped = -1;
  private head = '';
  private started = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly handlers: LineHandlers,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('error', this.onError);
  }

  /** Writes one message as a line; resolves once the stream took it (waiting out backpressure). */
  send(message: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      const accepted = this.output.write(`${JSON.stringify(message)}\n`, (error) =>
        error ? reject(error) : undefined,
      );
      if (accepted) resolve();
      else this.output.once('drain', () => resolve());
    });
  }

  stop(): void {
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.off('error', this.onError);
    this.input.pause();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let newline = data.indexOf(NEWLINE); ; newline = data.indexOf(NEWLINE)) {
      const piece = newline === -1 ? data : data.subarray(0, newline);
      this.take(piece);
      if (newline === -1) return;
      this.finishLine();
      data = data.subarray(newline + 1);
    }
  };

  private take(piece: Buffer): void {
    if (this.skipped >= 0) {
      this.skipped += piece.length;
      return;
    }
    if (this.length + piece.length <= this.maxLineBytes) {
      this.parts.push(piece);
      this.length += piece.length;
      return;
    }
    // Over the cap: keep the head for the id and let the rest stream past.
    this.head = Buffer.concat([...this.parts, piece])
      .subarray(0, HEAD_BYTES)
      .toString('utf8');
    this.skipped = this.length + piece.length;
    this.parts = [];
    this.length = 0;
  }

  private finishLine(): void {
    if (this.skipped >= 0) {
      const bytes = this.skipped;
      this.skipped = -1;
      this.handlers.oversized(this.head, bytes);
      return;
    }
    const text = Buffer.concat(this.parts, this.length).toString('utf8').replace(/\r$/, '');
    this.parts = [];
    this.length = 0;
    if (text.trim().length > 0) this.handlers.line(text);
  }

  private readonly onEnd = (): void => {
    // A last line without its newline is still a line.
    if (this.length > 0 || this.skipped >= 0) this.finishLine();
    this.handlers.close();
  };

  private readonly onError = (error: Error): void => this.handlers.error(error);
}
