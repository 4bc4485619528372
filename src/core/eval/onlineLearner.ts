import { rank } from '../candidates/reconcile';
import type { StoredCandidate } from '../candidates/candidateRepository';
import type { ClassifiedCommit } from '../history/commitRecord';
import { type PresentHistory, restateHistory } from '../history/presentHistory';
import { distillAll } from '../learn/distillAll';
import { readTreeInputs } from '../learn/treeInputs';
import type { Candidate } from '../model/candidate';
import type { EvalOptions } from './evalTypes';

export interface OnlineLearner {
  add(commit: ClassifiedCommit): void;
  relearn(now: number): Candidate[];
}

/**
 * Online mode relearns the library from the same inputs `runLearn` uses: the history so far,
 * restated in the paths of the newest commit, the tree at the split plus the paths scored commits
 * added, and the recorded events up to that commit. File contents stay as they were at the split.
 */
export async function onlineLearner(
  repo: string,
  history: PresentHistory,
  options: EvalOptions,
): Promise<OnlineLearner> {
  // Restating needs the commits as they were written, not as the split named their files.
  const commits: ClassifiedCommit[] = history.commits.map((commit) => ({
    ...commit,
    statFiles: [...commit.statFilesThen],
  }));
  const tree = new Set(history.tree);
  const rev = history.split.rev;
  const counted = history.tree.filter((file) => history.classifier.pathKind(file) === 'ok');
  const { contents, excerpts } = await readTreeInputs(repo, rev, counted);
  return {
    add(commit) {
      commits.unshift(commit);
      for (const file of commit.files) {
        if (file.oldPath) tree.delete(file.oldPath);
        tree.add(file.path);
      }
    },
    relearn(now) {
      const present = restateHistory(
        { split: history.split, classifier: history.classifier, commits, stats: history.stats },
        [...tree],
        history.halfLife,
      );
      const files = present.tree.filter((file) => history.classifier.pathKind(file) === 'ok');
      const events = (options.events ?? []).filter((event) => event.ts <= now);
      const distilled = distillAll(
        { commits: present.commits, halfLife: history.halfLife, files, contents, excerpts, events },
        {},
        now,
        options.logger,
      );
      return [...distilled.candidates].sort((a, b) => rank(b as StoredCandidate) - rank(a as StoredCandidate));
    },
  };
}
