import { createHash } from 'node:crypto';
import type { AgentId } from '../model/agents';
import type { TranscriptEvent, TranscriptStep } from '../model/events';
import { clip } from './json';
import type { ParseContext } from './types';

/**
 * Event ids are a hash of agent, session and a key that is stable inside the transcript (a line
 * uuid, a tool call id, a byte offset), so re-reading a file after a restart, a truncation or a
 * compaction yields the same ids and the store's de-duplication drops the repeats.
 */
export function transcriptEventId(agent: AgentId, sessionId: string, key: string): string {
  const digest = createHash('sha1').update(`${agent}\u0000${sessionId}\u0000${key}`).digest('hex');
  return `tx-${digest.slice(0, 32)}`;
}

/** A pasted log in a prompt is kept in part; the task it states is at the start and the end. */
const MAX_PROMPT_CHARS = 20_000;

export interface SessionRef {
  sessionId: string;
  parentSessionId?: string;
}

/** Builds the events of one transcript with the agent's attribution filled in. */
export class EventFactory {
  private readonly evidence: string[];

  constructor(private readonly context: ParseContext) {
    this.evidence = [`${context.agent} transcript ${context.path}`];
  }

  make(session: SessionRef, key: string, ts: number | undefined, step: TranscriptStep): TranscriptEvent {
    const event: TranscriptEvent = {
      id: transcriptEventId(this.context.agent, session.sessionId, key),
      ts: ts ?? this.context.fallbackTs,
      type: 'transcript',
      agent: this.context.agent,
      sessionId: session.sessionId,
      sessionHint: session.sessionId,
      attribution: { actor: this.context.agent, confidence: 1, evidence: this.evidence },
      step:
        step.kind === 'prompt' && step.text.length > MAX_PROMPT_CHARS
          ? { kind: 'prompt', text: clip(step.text, MAX_PROMPT_CHARS) }
          : step,
    };
    if (session.parentSessionId) event.parentSessionId = session.parentSessionId;
    if (this.context.workspaceFolder) event.workspaceFolder = this.context.workspaceFolder;
    return event;
  }
}
