/**
 * Scripted model behaviour for commit-replay tests: a naive blind attempt (console.log, no helper),
 * and a distiller that learns "use the logEvent helper" whenever the real diff used it.
 */
import { messagesOf, type RecordedRequest, type ScriptRule } from './openaiServer';

export const NAIVE_ATTEMPT = [
  'Here is my attempt:',
  '```diff',
  '--- a/src/index.ts',
  '+++ b/src/index.ts',
  '@@ -1,1 +1,2 @@',
  ' export const services: string[] = [];',
  '+console.log("added")',
  '```',
].join('\n');

export function isAttempt(request: RecordedRequest): boolean {
  return messagesOf(request, 'system').includes('# Attempt the change');
}

export function isDistill(request: RecordedRequest): boolean {
  return messagesOf(request, 'system').includes('# Distil the gap');
}

/** The content of the first <data kind="…"> block of the user message. */
export function dataBlock(request: RecordedRequest, kind: string): string | undefined {
  const match = new RegExp(`<data kind="${kind}"[^>]*>\\n([\\s\\S]*?)\\n</data>`).exec(messagesOf(request, 'user'));
  return match?.[1];
}

/** The short hash the distill request's task block names. */
export function commitOf(request: RecordedRequest): string {
  return /<data kind="task" commit="([0-9a-f]+)"/.exec(messagesOf(request, 'user'))?.[1] ?? '';
}

export function distillReply(request: RecordedRequest): string {
  const real = dataBlock(request, 'real-diff') ?? '';
  if (!/^\+.*logEvent\('/m.test(real)) return '{"edits": []}';
  return JSON.stringify({
    edits: [
      {
        action: 'create',
        name: 'Use logEvent Helper!',
        description: 'Log through the internal logEvent helper in src/log.ts. Use when adding or changing a service.',
        body:
          '## When to use\nAny code in src/services that reports what it did.\n\n## Steps\n1. `import { ' +
          "logEvent } from '../log';`\n2. Call `logEvent('<service>.<action>', data)`.\n\n## Pitfalls\n- Never " +
          'use console.log in services.',
        scope: ['src/services/**'],
        rationale: 'the attempt used console.log; the maintainer used logEvent',
      },
    ],
  });
}

export function replayRules(overrides: ScriptRule[] = []): ScriptRule[] {
  return [
    ...overrides,
    { match: isAttempt, reply: NAIVE_ATTEMPT, usage: { prompt: 400, completion: 60 } },
    { match: isDistill, reply: distillReply, usage: { prompt: 600, completion: 120 } },
  ];
}
