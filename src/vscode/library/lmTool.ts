import * as vscode from 'vscode';
import { formatSearchResult } from '../../core/delivery/searchSkills';
import type { LibraryService } from './libraryService';
import { errorMessage } from '../../core/util/errorMessage';

export const FIND_SKILLS_TOOL = 'skillwright_findSkills';

export interface FindSkillsInput {
  task: string;
  files?: string[];
}

const RESULT_COUNT = 3;

/**
 * The Copilot agent-mode tool: the workspace skills relevant to a task, with their full
 * instructions. Registered only in trusted workspaces; the check is repeated per call because a
 * tool registered before the workspace became restricted must still deliver nothing.
 */
export function registerFindSkillsTool(service: LibraryService, log: vscode.LogOutputChannel): vscode.Disposable {
  if (!vscode.workspace.isTrusted) {
    log.info(`Not registering ${FIND_SKILLS_TOOL}: the workspace is in Restricted Mode.`);
    return new vscode.Disposable(() => undefined);
  }
  const tool: vscode.LanguageModelTool<FindSkillsInput> = {
    prepareInvocation(options) {
      const task = oneLine(typeof options.input?.task === 'string' ? options.input.task : '', 60);
      return { invocationMessage: task ? `Finding repository skills for “${task}”` : 'Finding repository skills' };
    },
    invoke(options, token) {
      if (!vscode.workspace.isTrusted)
        return text('Skillwright delivers no skills in Restricted Mode: this workspace is not trusted.');
      const task = typeof options.input?.task === 'string' ? options.input.task.trim() : '';
      if (!task)
        return text('Call skillwright_findSkills with a `task`: one sentence saying what you are about to do.');
      const files = Array.isArray(options.input.files)
        ? options.input.files.filter((file): file is string => typeof file === 'string')
        : [];
      if (token.isCancellationRequested) return text('Cancelled.');
      try {
        const result = service.search(task, files, RESULT_COUNT, { record: 'lm-tool' });
        const found =
          result.results.map((skill) => `${skill.name} (${skill.score.toFixed(2)})`).join(', ') || 'no match';
        log.info(`${FIND_SKILLS_TOOL}: “${oneLine(task, 120)}” → ${found}${result.gap ? ' [gap]' : ''}`);
        if (result.results.length === 0) {
          return text(
            'No skill in this repository fits this task (a gap). Proceed with your own judgement; if you learn ' +
              'how this is done here, say so in your answer so the team can write a skill for it.',
          );
        }
        return text(formatSearchResult(result));
      } catch (error) {
        log.error(`${FIND_SKILLS_TOOL} failed for “${oneLine(task, 120)}”: ${errorMessage(error)}`);
        return text('Skillwright could not search the skill library just now; continue without it.');
      }
    },
  };
  try {
    const registration = vscode.lm.registerTool(FIND_SKILLS_TOOL, tool);
    log.info(`Registered language model tool ${FIND_SKILLS_TOOL}.`);
    return registration;
  } catch (error) {
    // VS Code refuses a tool missing from contributes.languageModelTools; activation must go on.
    log.error(`Could not register ${FIND_SKILLS_TOOL}: ${errorMessage(error)}`);
    return new vscode.Disposable(() => undefined);
  }
}

function text(value: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);
}

function oneLine(value: string, max: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
