import * as vscode from 'vscode';
import { CandidateRepository, type StoredCandidate } from '../../core/candidates/candidateRepository';
import type { DeliveredSkill } from '../../core/delivery/searchSkills';
import type { Gap } from '../../core/gaps/gapTypes';
import { redactCandidate } from '../../core/redaction/redactCandidate';
import type { LibraryService } from '../library/libraryService';
import { createRunModel } from '../llm/modelProvider';
import type { ReviewService } from '../review/reviewService';
import type { RecordingRuntime } from '../runtime/recording';
import { readSettings } from '../settings';
import { showError } from '../userMessages';
import type { GapRow } from '../views/viewModels';
import { synthesizeGapCandidates, templateCandidate } from '../../core/gaps/gapDrafts';
import type { GapsService } from './gapsService';

export interface GapCommandOptions {
  gaps: GapsService;
  library: Pick<LibraryService, 'skills'>;
  review: Pick<ReviewService, 'refresh' | 'pending'>;
  recording: RecordingRuntime;
  secrets: vscode.SecretStorage;
  log: vscode.LogOutputChannel;
  folder: vscode.WorkspaceFolder | undefined;
}

const FIND_RESULTS = 10;

/** The Gaps view's actions and "Find Skills for a Task". */
export function registerGapCommands(options: GapCommandOptions): vscode.Disposable[] {
  const { gaps, log } = options;
  return [
    vscode.commands.registerCommand('skillwright.copyGapPrompt', async (target?: unknown) => {
      const gap = await resolveGap(gaps, target);
      if (gap) await copyPrompt(gap);
    }),
    vscode.commands.registerCommand('skillwright.draftSkillForGap', async (target?: unknown) => {
      const gap = await resolveGap(gaps, target);
      if (!gap) return;
      try {
        await draftSkill(options, gap);
      } catch (error) {
        showError(log, 'Drafting a skill for the gap failed', error);
      }
    }),
    vscode.commands.registerCommand('skillwright.dismissGap', async (target?: unknown) => {
      const gap = await resolveGap(gaps, target);
      if (!gap) return;
      if (gaps.dismiss(gap.id))
        vscode.window.setStatusBarMessage(
          `Skillwright: gap dismissed; it will not come back however often it recurs.`,
          4000,
        );
    }),
    vscode.commands.registerCommand('skillwright.findSkills', async (initial?: unknown) => {
      try {
        await findSkills(options, typeof initial === 'string' ? initial : undefined);
      } catch (error) {
        showError(log, 'Finding skills failed', error);
      }
    }),
  ];
}

/** A command gets a GapNode (tree item), a GapRow, a gap id, or nothing (then the user picks). */
async function resolveGap(gaps: GapsService, target: unknown): Promise<Gap | undefined> {
  const id = gapIdOf(target);
  if (id) {
    const gap = gaps.get(id);
    if (!gap)
      void vscode.window.showWarningMessage(
        'Skillwright: that gap no longer exists (it may have been closed by a new skill).',
      );
    return gap;
  }
  const rows = gaps.rows();
  if (rows.length === 0) {
    void vscode.window.showInformationMessage('Skillwright: no open knowledge gaps.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    rows.map((row) => ({ label: row.task, description: `×${row.occurrences}`, id: row.id })),
    { title: 'Choose a knowledge gap', matchOnDescription: true },
  );
  return picked ? gaps.get(picked.id) : undefined;
}

function gapIdOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (typeof target !== 'object' || target === null) return undefined;
  const row = 'gap' in target ? (target as { gap: unknown }).gap : target;
  return typeof row === 'object' && row !== null && typeof (row as Partial<GapRow>).id === 'string'
    ? (row as GapRow).id
    : undefined;
}

async function copyPrompt(gap: Gap): Promise<void> {
  await vscode.env.clipboard.writeText(gap.prompt);
  vscode.window.setStatusBarMessage('Skillwright: gap prompt copied — paste it to your agent or team.', 4000);
}

async function draftSkill(options: GapCommandOptions, gap: Gap): Promise<void> {
  const store = options.recording.store;
  const folder = options.folder;
  if (!store || !folder) throw new Error('Skillwright has no store open in this window (is a folder open?).');
  const waiting = options.review
    .pending()
    .find((candidate) => candidate.evidence.some((item) => item.kind === 'gap' && item.ref === gap.id));
  if (waiting) {
    await vscode.commands.executeCommand('skillwright.suggestions.focus');
    void vscode.window.showInformationMessage(
      `Skillwright: a draft for this gap ('${waiting.name}') is already waiting in Suggestions.`,
    );
    return;
  }
  const repository = new CandidateRepository(store.db);
  const taken = new Set([
    ...options.library.skills().map((skill) => skill.folderName),
    ...options.review.pending().map((candidate) => candidate.name),
  ]);
  // Model calls and repository reads for the prompt happen only in a trusted workspace.
  const model = vscode.workspace.isTrusted ? await createRunModel(options.secrets, options.log) : undefined;
  let drafts: StoredCandidate[] = [];
  let note = '';
  if (model) {
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Skillwright: drafting a skill for the gap…',
        cancellable: true,
      },
      async (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await synthesizeGapCandidates({
            gap,
            model,
            repoRoot: folder.uri.fsPath,
            library: options.library.skills(),
            logger: options.log,
            signal: controller.signal,
          });
        } finally {
          subscription.dispose();
        }
      },
    );
    const dropped = outcome.dropped.length ? `, dropped: ${outcome.dropped.join('; ')}` : '';
    options.log.info(
      `Gap synthesis for ${gap.id}: ${outcome.candidates.length} draft(s), ${outcome.tokens} tokens${dropped}.`,
    );
    drafts = outcome.candidates;
    if (drafts.length === 0)
      note =
        ` The model gave no usable draft${outcome.dropped[0] ? ` (${outcome.dropped[0]})` : ''}, so this is ` +
        `a template to fill in.`;
  } else {
    note = vscode.workspace.isTrusted
      ? ' No language model is configured (skillwright.llm.provider), so it is a template prefilled with the ' +
        'evidence: fill in the steps before accepting.'
      : ' Restricted Mode makes no model calls, so it is a template prefilled with the evidence: fill in the ' +
        'steps before accepting.';
  }
  if (drafts.length === 0) drafts = [templateCandidate(gap, taken, Date.now())];
  const now = Date.now();
  repository.saveAll(
    drafts.map((draft) => redactCandidate({ ...draft, status: 'pending' as const })),
    now,
  );
  options.review.refresh();
  await vscode.commands.executeCommand('skillwright.suggestions.focus');
  const names = drafts.map((draft) => `'${draft.name}'`).join(', ');
  void vscode.window.showInformationMessage(
    `Skillwright: draft ${names} is waiting in Suggestions. Preview it there, edit it, then accept or reject.${note}`,
  );
}

interface SkillPick extends vscode.QuickPickItem {
  skill?: DeliveredSkill;
  copyPrompt?: boolean;
}

async function findSkills(options: GapCommandOptions, initial: string | undefined): Promise<void> {
  const task = (
    initial ??
    (await vscode.window.showInputBox({
      title: 'Find skills for a task',
      prompt: 'Describe the task as you would to an agent. A task no skill fits is recorded as a knowledge gap.',
      placeHolder: 'e.g. add a database migration for the orders table',
      ignoreFocusOut: true,
    }))
  )?.trim();
  if (!task) return;
  const files = activeWorkspaceFile(options.folder);
  const { result, gap } = options.gaps.recordTask(task, files);
  const threshold = readSettings(options.folder?.uri).gaps.threshold;
  const top = result.results[0];
  if (!top) {
    const choice = await vscode.window.showWarningMessage(
      `Skillwright: no skill covers “${task.slice(0, 80)}”. ${gap ? 'It is recorded as a knowledge gap.' : ''}`,
      ...(gap ? ['Copy Gap Prompt'] : []),
    );
    if (choice && gap) await copyPrompt(gap);
    return;
  }
  const items: SkillPick[] = result.results.slice(0, FIND_RESULTS).map((skill) => ({
    label: skill.name,
    description: `score ${skill.score.toFixed(2)}${skill.score < threshold ? ' (weak)' : ''}`,
    detail: `${skill.description}${explain(skill)}`,
    skill,
  }));
  if (gap)
    items.push({
      label: '$(copy) Copy gap prompt',
      description: 'no skill reaches the threshold',
      detail: 'Recorded as a knowledge gap: copy a request to give an agent or your team.',
      copyPrompt: true,
    });
  const picked = await vscode.window.showQuickPick(items, {
    title: gap
      ? `Weak matches only (below ${threshold.toFixed(2)}): this task is a knowledge gap`
      : `Skills for “${task.slice(0, 60)}”`,
    matchOnDetail: true,
  });
  if (!picked) return;
  if (picked.copyPrompt && gap) return copyPrompt(gap);
  if (picked.skill?.path) await vscode.window.showTextDocument(vscode.Uri.file(picked.skill.path), { preview: true });
}

function explain(skill: DeliveredSkill): string {
  const { terms, scopeGlobs } = skill.explanation;
  const matched = [...new Set([...terms.name, ...terms.description, ...terms.body])].slice(0, 8);
  const parts = [
    matched.length ? `matched: ${matched.join(', ')}` : '',
    scopeGlobs.length ? `scope: ${scopeGlobs.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? ` — ${parts.join('; ')}` : '';
}

/** The file in the active editor, workspace-relative, so a skill scoped to it ranks higher. */
function activeWorkspaceFile(folder: vscode.WorkspaceFolder | undefined): string[] {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (!folder || !uri || uri.scheme !== 'file') return [];
  const path = vscode.workspace.asRelativePath(uri, false);
  return path === uri.fsPath ? [] : [path.replace(/\\/g, '/')];
}
