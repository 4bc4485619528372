// Plays Claude Code and Codex CLI: writes their transcript files into the temporary agent home
// the harness set up (CLAUDE_CONFIG_DIR, CODEX_HOME), line by line, as the agents do while they work.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentHome } from './host';

/** Claude Code's project folder name for a cwd: every character outside [a-zA-Z0-9] becomes '-'. */
export function claudeProjectDir(cwd: string): string {
  return join(agentHome().claudeConfigDir, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
}

export class FakeClaudeSession {
  readonly sessionId = randomUUID();
  readonly file: string;
  private parent: string | null = null;
  private messages = 0;

  constructor(private readonly cwd: string) {
    const dir = claudeProjectDir(cwd);
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${this.sessionId}.jsonl`);
  }

  private line(
    type: 'user' | 'assistant',
    message: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): string {
    const uuid = randomUUID();
    const record = {
      parentUuid: this.parent,
      isSidechain: false,
      userType: 'external',
      cwd: this.cwd,
      sessionId: this.sessionId,
      version: '2.0.42',
      gitBranch: 'main',
      type,
      message,
      uuid,
      timestamp: new Date().toISOString(),
      ...extra,
    };
    this.parent = uuid;
    return `${JSON.stringify(record)}\n`;
  }

  /** Appends raw text; lets a test split a line across two writes. */
  appendRaw(text: string): void {
    appendFileSync(this.file, text);
  }

  prompt(text: string): void {
    this.appendRaw(this.line('user', { role: 'user', content: text }));
  }

  /** An assistant message that calls Bash; returns the line (not yet written) and the call id. */
  bashCallLine(command: string): { text: string; callId: string } {
    const callId = `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    this.messages += 1;
    const text = this.line('assistant', {
      id: `msg_${this.sessionId.slice(0, 8)}_${this.messages}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'tool_use', id: callId, name: 'Bash', input: { command, description: `Run ${command}` } }],
      stop_reason: 'tool_use',
      usage: { input_tokens: 1200, cache_read_input_tokens: 300, output_tokens: 40 },
    });
    return { text, callId };
  }

  toolResult(callId: string, output: string, isError: boolean): void {
    this.appendRaw(
      this.line(
        'user',
        { role: 'user', content: [{ tool_use_id: callId, type: 'tool_result', content: output, is_error: isError }] },
        { toolUseResult: { stdout: output, stderr: '', interrupted: false, isImage: false } },
      ),
    );
  }

  note(text: string): void {
    this.messages += 1;
    this.appendRaw(
      this.line('assistant', {
        id: `msg_${this.sessionId.slice(0, 8)}_${this.messages}`,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'text', text }],
        usage: { input_tokens: 900, output_tokens: 25 },
      }),
    );
  }
}

export class FakeCodexSession {
  readonly sessionId = randomUUID();
  readonly file: string;

  constructor(private readonly cwd: string) {
    const now = new Date();
    const pad = (value: number): string => String(value).padStart(2, '0');
    const day = join(String(now.getFullYear()), pad(now.getMonth() + 1), pad(now.getDate()));
    const dir = join(agentHome().codexHome, 'sessions', day);
    mkdirSync(dir, { recursive: true });
    const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    const time = `${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
    const stamp = `${date}T${time}`;
    this.file = join(dir, `rollout-${stamp}-${this.sessionId}.jsonl`);
  }

  private write(type: string, payload: Record<string, unknown>): void {
    appendFileSync(this.file, `${JSON.stringify({ timestamp: new Date().toISOString(), type, payload })}\n`);
  }

  start(): void {
    this.write('session_meta', {
      id: this.sessionId,
      timestamp: new Date().toISOString(),
      cwd: this.cwd,
      originator: 'codex_cli_rs',
      cli_version: '0.58.0',
      instructions: null,
      git: { branch: 'main' },
    });
    this.write('turn_context', {
      cwd: this.cwd,
      approval_policy: 'on-request',
      sandbox_policy: { mode: 'workspace-write' },
      model: 'gpt-5-codex',
      summary: 'auto',
    });
    this.write('response_item', {
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: `<environment_context>\n  <cwd>${this.cwd}</cwd>\n</environment_context>` },
      ],
    });
  }

  prompt(text: string): void {
    this.write('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
  }

  shell(command: string, output: string, exitCode: number): string {
    const callId = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    this.write('response_item', {
      type: 'function_call',
      name: 'shell',
      arguments: JSON.stringify({ command: ['bash', '-lc', command], workdir: this.cwd }),
      call_id: callId,
    });
    this.write('response_item', {
      type: 'function_call_output',
      call_id: callId,
      output: JSON.stringify({ output, metadata: { exit_code: exitCode, duration_seconds: 0.2 } }),
    });
    return callId;
  }

  note(text: string): void {
    this.write('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
  }
}
