import { stat } from 'node:fs/promises';
import type { LoadedSkill } from '../skills/library';
import { describeDriftReason, reviewDrift, type DriftSkill } from './driftReview';
import type { DriftGit } from './gitReader';
import { libraryAverageRate } from './outcomeStats';
import type { SkillGovernanceFacts } from './skillGovernance';

export interface DriftInput {
  skill: LoadedSkill;
  facts: SkillGovernanceFacts;
}

/** What drift review found about one skill: a readable line per reason, and the files renamed since. */
export interface DriftFinding {
  reasons: string[];
  renames: { from: string; to: string }[];
}

/**
 * Drift findings per skill name. A skill with no recorded version counts as accepted when its
 * SKILL.md was last written, so a teammate's fresh skill is not "unused".
 */
export async function reviewLibraryDrift(
  inputs: readonly DriftInput[],
  git: DriftGit,
  options: { now: number; unusedDays: number },
): Promise<Map<string, DriftFinding>> {
  const driftSkills: DriftSkill[] = [];
  for (const { skill, facts } of inputs) {
    const acceptedAt =
      facts.version?.acceptedAt ??
      (await stat(skill.path).then(
        (info) => info.mtimeMs,
        () => options.now,
      ));
    driftSkills.push({
      name: skill.folderName,
      body: skill.doc.body,
      evidenceFiles: facts.version?.evidenceFiles ?? [],
      acceptedAt,
      acceptedCommit: facts.version?.acceptedCommit,
      lastUsedAt: facts.lastUsedAt,
      stats: facts.stats,
    });
  }
  const libraryAverage = libraryAverageRate(inputs.flatMap(({ facts }) => (facts.stats ? [facts.stats] : [])));
  const flags = await reviewDrift(
    driftSkills,
    { git, now: options.now, libraryAverage },
    { unusedDays: options.unusedDays },
  );
  return new Map(
    flags.map((flag) => [
      flag.skill,
      {
        reasons: flag.reasons.map(describeDriftReason),
        renames: flag.reasons.flatMap((reason) => (reason.kind === 'renamed-files' ? reason.files : [])),
      },
    ]),
  );
}
