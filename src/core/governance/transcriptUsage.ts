import type { RecordedEvent } from '../model/events';
import type { SkillUsage } from './usageRepository';

/**
 * Skill reads an agent made on its own, found in transcripts: a read tool call on
 * `<skills folder>/<name>/SKILL.md` (in the canonical folder or a mirror such as
 * `.claude/skills`), or a tool call whose raw name is a skill activation (Claude Code's `Skill`).
 * One usage per skill per session, at the first read.
 */
export function skillReadsFromEvents(
  events: readonly RecordedEvent[],
  versionOf: (skill: string) => string | undefined,
  skillFolders: readonly string[] = ['.agents/skills', '.claude/skills', '.github/skills'],
): SkillUsage[] {
  const seen = new Set<string>();
  const usages: SkillUsage[] = [];
  const folders = skillFolders.map((folder) => folder.replace(/\\/g, '/').replace(/\/+$/, ''));
  for (const event of events) {
    if (event.type !== 'transcript' || event.step.kind !== 'tool-call') continue;
    const step = event.step;
    let skill: string | undefined;
    if (step.tool === 'read') skill = skillNameFromPath(step.path ?? step.summary, folders);
    else if (/^skill$/i.test(step.rawName)) skill = activationName(step.input) ?? step.summary.trim();
    if (!skill) continue;
    const version = versionOf(skill);
    const key = `${event.sessionId}\u0000${skill}`;
    if (version === undefined || seen.has(key)) continue;
    seen.add(key);
    usages.push({ skill, version, sessionId: event.sessionId, channel: 'transcript-read', ts: event.ts });
  }
  return usages;
}

function skillNameFromPath(path: string, folders: readonly string[]): string | undefined {
  const normal = path.replace(/\\/g, '/');
  for (const folder of folders) {
    const match = new RegExp(`(?:^|/)${escape(folder)}/([a-z0-9-]{1,64})/SKILL\\.md$`).exec(normal);
    if (match) return match[1];
  }
  return undefined;
}

function activationName(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const record = input as Record<string, unknown>;
  const value = record.skill ?? record.name ?? record.command;
  return typeof value === 'string' && /^[a-z0-9-]{1,64}$/.test(value) ? value : undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
