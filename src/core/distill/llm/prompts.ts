/**
 * Builds the messages for a distiller call. The system message comes only from the meta-skill and
 * fixed text, never from repository or transcript content, which goes into <data> blocks in the
 * user message.
 */
import type { ChatMessage } from '../../llm/chatModel';
import { DATA_POLICY, frameData } from '../../llm/dataFrame';
import { loadMetaSkill, type LoadMetaSkillOptions, type MetaSkill } from '../../llm/metaSkills';
import type { LibrarySkill } from './skillEdits';

export interface PromptContext {
  metaSkills?: LoadMetaSkillOptions;
}

export function systemMessage(skill: MetaSkill): ChatMessage {
  return { role: 'system', content: `${skill.body}\n\n${DATA_POLICY}` };
}

export function metaSkill(name: string, context: PromptContext): MetaSkill {
  return loadMetaSkill(name, context.metaSkills);
}

/** The library as data: names, descriptions and bodies (bodies cut so the prompt stays bounded). */
export function libraryBlock(skills: Iterable<LibrarySkill>, maxChars = 12_000): string {
  const parts: string[] = [];
  let used = 0;
  for (const skill of skills) {
    const scope = skill.scope?.length ? `scope: ${skill.scope.join(', ')}\n` : '';
    const text = `### ${skill.name}\n${skill.description}\n${scope}${skill.body}`;
    const room = maxChars - used;
    if (room <= 200) {
      parts.push(`… further skills omitted`);
      break;
    }
    const piece = text.length > room ? `${text.slice(0, room)}\n…` : text;
    parts.push(piece);
    used += piece.length;
  }
  return frameData('skills', parts.length ? parts.join('\n\n') : '(no skills yet)');
}

export function userMessage(task: string, blocks: string[]): ChatMessage {
  return { role: 'user', content: [task, ...blocks].join('\n\n') };
}
