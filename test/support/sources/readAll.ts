import type { AgentId } from '../../../src/core/model/agents';
import type { TranscriptEvent, TranscriptStep } from '../../../src/core/model/events';
import { readTranscriptSource, type ReadOutcome } from '../../../src/core/sources/readSource';
import type { SourceKind } from '../../../src/core/sources/types';

/** Reads a transcript completely, as a one-off import would. */
export function readAll(agent: AgentId, path: string, kind: SourceKind = 'file'): Promise<ReadOutcome> {
  return readTranscriptSource({ agent, path, kind }, undefined, { includePartialTail: true });
}

export type StepOf<K extends TranscriptStep['kind']> = Extract<TranscriptStep, { kind: K }>;

export function stepsOf<K extends TranscriptStep['kind']>(events: readonly TranscriptEvent[], kind: K): StepOf<K>[] {
  return events.map((event) => event.step).filter((step): step is StepOf<K> => step.kind === kind);
}
