import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface RpcReply {
  jsonrpc?: string;
  id?: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

/**
 * `skillwright mcp` as a child process driven with raw bytes on its stdin: what a broken or
 * hostile client sends. Replies are collected line by line; `next` waits for the next one with a
 * deadline, so a server that stays silent fails the test quickly instead of hanging it.
 */
export class RawMcpProcess {
  readonly replies: RpcReply[] = [];
  private buffered = '';
  private waiters: (() => void)[] = [];
  private exitCode: number | null | undefined;
  readonly child: ChildProcessWithoutNullStreams;

  constructor(cli: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [cli, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      for (let newline = this.buffered.indexOf('\n'); newline >= 0; newline = this.buffered.indexOf('\n')) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        if (line.trim()) this.replies.push(JSON.parse(line) as RpcReply);
      }
      this.wake();
    });
    this.child.stderr.resume();
    this.child.on('exit', (code) => {
      this.exitCode = code;
      this.wake();
    });
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  send(message: unknown): void {
    this.write(`${JSON.stringify(message)}\n`);
  }

  /** The reply after the first `seen` replies, or an error once `ms` pass without one. */
  async reply(seen: number, ms = 3000): Promise<RpcReply> {
    const deadline = Date.now() + ms;
    while (this.replies.length <= seen) {
      if (this.exited) throw new Error(`the server exited (code ${String(this.exitCode)}) without replying`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${ms} ms (got ${this.replies.length}, waiting for #${seen + 1})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.replies[seen] as RpcReply;
  }

  /** Sends one line and returns the reply it caused. */
  async ask(line: string, ms?: number): Promise<RpcReply> {
    const seen = this.replies.length;
    this.write(`${line}\n`);
    return this.reply(seen, ms);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
