import { join } from 'node:path';
import * as vscode from 'vscode';
import { gitText } from '../../core/history/gitProcess';
import type { Evidence } from '../../core/model/candidate';
import { leftAloneReason } from '../../core/review/leftAloneReason';
import type { AcceptOutcome } from '../../core/review/reviewActions';
import { ProposalFileSystem } from './proposalFileSystem';
import type { ReadOnlyDocuments } from './readOnlyDocuments';
import type { ReviewService } from './reviewService';
import { showError } from '../userMessages';
import { CandidateNode } from '../views/suggestionsView';
import type { Node } from '../views/treeItems';

const REJECT_REASONS = [
  { label: 'Not true for this repository', reason: 'not true for this repository' },
  { label: 'Too obvious to be worth a skill', reason: 'too obvious' },
  { label: 'Too vague to act on', reason: 'too vague' },
  { label: 'Duplicates an existing skill', reason: 'duplicate' },
  { label: 'No reason', reason: undefined },
];

/** Learn, Preview, Accept (also an edited preview), Reject and Open Evidence. */
export function registerReviewCommands(options: {
  review: ReviewService;
  proposals: ProposalFileSystem;
  documents: ReadOnlyDocuments;
  suggestions: vscode.TreeView<Node>;
  log: vscode.LogOutputChannel;
  repoRoot: () => string | undefined;
}): vscode.Disposable[] {
  const { review, proposals, documents, suggestions, log, repoRoot } = options;

  /** Inline actions pass the clicked node and the selection; keys pass nothing. */
  const selected = (node?: Node, nodes?: readonly Node[]): CandidateNode[] => {
    const picked = nodes?.length ? nodes : node ? [node] : suggestions.selection;
    return picked.filter((item): item is CandidateNode => item instanceof CandidateNode);
  };

  const report = (outcome: AcceptOutcome): void => {
    switch (outcome.status) {
      case 'written':
        void vscode.window
          .showInformationMessage(
            `Skill "${outcome.candidate.name}" was written to ${vscode.workspace.asRelativePath(outcome.path)}.`,
            'Open',
          )
          .then((choice) => choice && vscode.window.showTextDocument(vscode.Uri.file(join(outcome.path, 'SKILL.md'))));
        break;
      case 'became-candidate':
        void vscode.window.showWarningMessage(
          `"${outcome.candidate.name}" ${leftAloneReason(outcome.reason)}, so it was left alone. The update is ` +
            `now a new suggestion to review.`,
        );
        break;
      case 'invalid':
        void vscode.window.showErrorMessage(`The edited skill is not valid: ${outcome.problems.join('; ')}`);
        break;
      case 'conflict':
        void vscode.window.showErrorMessage(`Could not accept "${outcome.candidate.name}": ${outcome.reason}`);
        break;
    }
  };

  /** Unsaved changes in an open preview are what the user means to accept. */
  const saveProposal = async (uri: vscode.Uri): Promise<void> => {
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
    if (document?.isDirty) await document.save();
  };

  /** The preview of a decided suggestion has nothing left to edit: close it. */
  const closePreviews = async (id: string): Promise<void> => {
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => {
        const input = tab.input;
        const uri =
          input instanceof vscode.TabInputText
            ? input.uri
            : input instanceof vscode.TabInputTextDiff
              ? input.modified
              : undefined;
        return uri !== undefined && ProposalFileSystem.candidateIdOf(uri) === id;
      });
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    proposals.forget(id);
  };

  const accept = async (ids: { id: string; editedText?: string }[]): Promise<void> => {
    for (const { id, editedText } of ids) {
      try {
        const outcome = await review.accept(id, editedText);
        if (outcome.status !== 'invalid') await closePreviews(id);
        report(outcome);
      } catch (error) {
        showError(log, 'Accepting the suggestion failed', error);
      }
    }
  };

  return [
    vscode.commands.registerCommand('skillwright.learn', () =>
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: 'Skillwright: learning from history and sessions',
          cancellable: true,
        },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          try {
            const { added } = await review.learn({
              report: (message, increment) => progress.report({ message, increment }),
              signal: controller.signal,
            });
            const pending = review.pending().length;
            const waiting = `${plural(pending, 'suggestion')} waiting for review`;
            void vscode.window
              .showInformationMessage(
                added
                  ? `Skillwright found ${plural(added, 'new suggestion')}; ${waiting}.`
                  : `Skillwright found nothing new; ${waiting}.`,
                ...(pending ? ['Review'] : []),
              )
              .then((choice) => choice && vscode.commands.executeCommand('skillwright.suggestions.focus'));
          } catch (error) {
            if (controller.signal.aborted)
              return void vscode.window.showInformationMessage('Skillwright: learning cancelled.');
            showError(log, 'Learning failed', error);
          }
        },
      ),
    ),
    vscode.commands.registerCommand('skillwright.acceptCandidate', async (node?: Node, nodes?: Node[]) => {
      const items = selected(node, nodes);
      for (const item of items) await saveProposal(ProposalFileSystem.uriFor(item.candidate.id, item.candidate.name));
      await accept(
        items.map((item) => ({
          id: item.candidate.id,
          editedText: proposals.textOf(ProposalFileSystem.uriFor(item.candidate.id, item.candidate.name)),
        })),
      );
    }),
    vscode.commands.registerCommand('skillwright.acceptEditedCandidate', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      const id = target && ProposalFileSystem.candidateIdOf(target);
      if (!target || !id) return;
      await saveProposal(target);
      await accept([{ id, editedText: proposals.textOf(target) }]);
    }),
    vscode.commands.registerCommand('skillwright.rejectCandidate', async (node?: Node, nodes?: Node[]) => {
      const items = selected(node, nodes);
      if (!items.length) return;
      const pick = await vscode.window.showQuickPick(REJECT_REASONS, {
        title: items.length === 1 ? `Reject "${items[0]?.candidate.name}"` : `Reject ${items.length} suggestions`,
        placeHolder: 'Why? (optional — it helps Skillwright propose better skills)',
      });
      if (!pick) return;
      for (const item of items) {
        try {
          review.reject(item.candidate.id, pick.reason);
          await closePreviews(item.candidate.id);
        } catch (error) {
          showError(log, 'Rejecting the suggestion failed', error);
        }
      }
    }),
    vscode.commands.registerCommand('skillwright.previewCandidate', async (node?: Node) => {
      const item = selected(node)[0];
      if (!item) return;
      const { candidate } = item;
      const uri = ProposalFileSystem.uriFor(candidate.id, candidate.name);
      proposals.seed(uri, review.render(candidate));
      const skillsFolder = review.skillsFolder;
      const current = skillsFolder ? vscode.Uri.file(join(skillsFolder, candidate.name, 'SKILL.md')) : undefined;
      if (candidate.kind === 'edit' && current && (await exists(current))) {
        await vscode.commands.executeCommand(
          'vscode.diff',
          current,
          uri,
          `${candidate.name}: current ↔ proposed (editable)`,
        );
      } else {
        await vscode.window.showTextDocument(uri, { preview: false });
      }
    }),
    vscode.commands.registerCommand('skillwright.openEvidence', async (evidence?: Evidence) => {
      if (!evidence) return;
      const root = repoRoot();
      try {
        if (evidence.kind === 'file' && root) {
          const line = Math.max(0, (evidence.line ?? 1) - 1);
          await vscode.window.showTextDocument(vscode.Uri.file(join(root, evidence.ref)), {
            selection: new vscode.Range(line, 0, line, 0),
          });
        } else if (evidence.kind === 'commit' && root && vscode.workspace.isTrusted) {
          await documents.open(`commit-${evidence.ref.slice(0, 10)}.diff`, await gitShow(root, evidence.ref), 'diff');
        } else {
          await documents.open(
            `${evidence.kind}-${evidence.ref.slice(0, 24)}.txt`,
            [evidence.ref, evidence.detail ?? ''].join('\n\n'),
            'plaintext',
          );
        }
      } catch (error) {
        showError(log, `Could not open ${evidence.kind} ${evidence.ref}`, error);
      }
    }),
  ];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function gitShow(root: string, ref: string): Promise<string> {
  return gitText(root, ['show', '--stat', '--patch', '--format=commit %H%nAuthor: %an%nDate:   %ad%n%n%B', ref, '--']);
}
