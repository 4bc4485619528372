import * as vscode from 'vscode';
import { gitText } from '../../core/history/gitProcess';
import { recentSplit } from './recentSplit';

interface SplitChoice extends vscode.QuickPickItem {
  readonly mode: 'recent' | 'date' | 'revision';
}

/**
 * Asks where to split the history: learn before, score after. Resolves to a rev or an ISO date
 * that `runEvaluation` accepts as `split`, or undefined when the user backs out.
 */
export async function pickSplit(repo: string, signal?: AbortSignal): Promise<string | undefined> {
  const choices: SplitChoice[] = [
    { mode: 'recent', label: 'Last 20% of commits', description: 'learn from the older 80%, score the newest 20%' },
    { mode: 'date', label: 'A date…', description: 'learn up to a day (YYYY-MM-DD), score what came after' },
    {
      mode: 'revision',
      label: 'A revision…',
      description: 'learn up to a tag, branch or commit, score what came after',
    },
  ];
  const choice = await vscode.window.showQuickPick(choices, {
    title: 'Skillwright: Evaluate',
    placeHolder: 'Where should the history be split?',
  });
  switch (choice?.mode) {
    case undefined:
      return undefined;
    case 'recent':
      return recentSplit(repo, signal);
    case 'date':
      return vscode.window
        .showInputBox({
          title: 'Skillwright: Evaluate — split date',
          prompt: 'Learn from commits up to this date; score the commits after it.',
          placeHolder: 'YYYY-MM-DD',
          value: isoDay(Date.now() - 90 * 86_400_000),
          validateInput: (value) => (isValidDay(value.trim()) ? undefined : 'Enter a date as YYYY-MM-DD.'),
        })
        .then((value) => value?.trim());
    case 'revision':
      return vscode.window
        .showInputBox({
          title: 'Skillwright: Evaluate — split revision',
          prompt: 'Learn from history up to this tag, branch or commit; score the commits after it.',
          placeHolder: 'v1.2.0, main~200, a1b2c3d…',
          validateInput: async (value) =>
            (await revisionExists(repo, value.trim())) ? undefined : 'Not a commit in this repository.',
        })
        .then((value) => value?.trim());
  }
}

async function revisionExists(repo: string, rev: string): Promise<boolean> {
  if (!rev || rev.startsWith('-')) return false;
  try {
    return (await gitText(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim().length > 0;
  } catch {
    return false;
  }
}

function isValidDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
