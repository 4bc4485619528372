import { ChangePredictor } from '../cochange/changePredictor';
import type { ClassifiedCommit } from '../history/commitRecord';
import type { PresentHistory } from '../history/presentHistory';
import {
  AssociationRulesBaseline,
  ChangeFrequencies,
  type CoChangePredictor,
  MostFrequentBaseline,
  OursPredictor,
  SameDirectoryBaseline,
} from './cochangePredictors';

export const CO_CHANGE_BASELINES = ['same_directory', 'most_frequent', 'rose'];

export interface CoChangePredictors {
  ours: OursPredictor;
  baselines: CoChangePredictor[];
  /** A scored commit becomes history for every predictor alike. */
  observe(commit: ClassifiedCommit, online: boolean): void;
  calibration(): { calibrated: boolean; half_life: number };
}

/**
 * Ours and every baseline, each built from the same training commits: ours in today's paths with
 * recency weights, the baselines from the commits as they were written.
 */
export function buildCoChangePredictors(
  history: PresentHistory,
  depth: number,
  imports: ReadonlyArray<readonly [string, string]> = [],
): CoChangePredictors {
  const tree = history.tree.filter((file) => history.classifier.pathKind(file) === 'ok');
  const model = ChangePredictor.fromHistory(history, tree, imports);
  const ours = new OursPredictor(model);
  const written = history.commits.map((commit) => ({ ...commit, statFiles: [...commit.statFilesThen] }));
  const rose = new AssociationRulesBaseline(written);
  const frequencies = new ChangeFrequencies(tree);
  for (const commit of written) if (!commit.exclusion) frequencies.observe(commit.statFiles);
  return {
    ours,
    baselines: [new SameDirectoryBaseline(frequencies), new MostFrequentBaseline(frequencies, depth), rose],
    observe(commit, online) {
      ours.observe(commit, online);
      rose.observe(commit, online);
      // The naive baselines learn the files a commit adds either way, as ours follows the tree; they count changes only
      // online.
      if (!commit.exclusion) frequencies.observe(commit.statFiles, online);
    },
    calibration: () => ({ calibrated: model.calibrated, half_life: history.halfLife }),
  };
}
