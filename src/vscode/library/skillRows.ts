import { basename, dirname } from 'node:path';
import type { LibraryProblem, LoadedSkill } from '../../core/skills/library';
import { META } from '../../core/skills/provenance';
import type { SkillSafety } from '../../core/skills/quarantine';
import type { SkillRow } from '../views/viewModels';
import type { GitAuthorship } from '../../core/skills/gitAuthors';
import type { SkillGovernanceFacts } from '../../core/governance/skillGovernance';

export interface RowInputs {
  skill: LoadedSkill;
  safety: SkillSafety | undefined;
  facts: SkillGovernanceFacts;
  /** 'restricted' in an untrusted workspace, where git is not run. */
  authorship: GitAuthorship | 'restricted' | undefined;
  /** The local git user, to tell a teammate's skill from one written here. */
  localUser: string | undefined;
  flaggedForReview: readonly string[];
}

export function skillRow(inputs: RowInputs): SkillRow {
  const { skill, safety, facts, authorship } = inputs;
  const quarantined = safety?.quarantined ?? false;
  const hasErrors = skill.issues.some((issue) => issue.severity === 'error');
  const tier: SkillRow['tier'] = quarantined
    ? 'quarantined'
    : hasErrors
      ? 'invalid'
      : facts.tier === 'trusted'
        ? 'trusted'
        : 'accepted';
  const committed = authorship !== undefined && authorship !== 'restricted' ? authorship : undefined;
  return {
    name: skill.folderName,
    description: skill.doc.description,
    path: skill.path,
    tier,
    source: sourceOf(skill, committed, inputs.localUser),
    ...(authorship === 'restricted'
      ? { author: 'restricted' }
      : committed
        ? { author: committed.author, lastCommit: committed.commit }
        : {}),
    uses: facts.uses,
    ...(facts.successRate !== undefined ? { successRate: facts.successRate } : {}),
    ...(facts.wilson !== undefined ? { wilson: facts.wilson } : {}),
    findings: quarantined
      ? (safety?.findings ?? []).map(
          (finding) => `${finding.rule}: ${finding.excerpt} (${finding.file}:${finding.line})`,
        )
      : [],
    problems: skill.issues.map(
      (issue) => `${issue.severity === 'error' ? '' : 'warning '}${issue.rule}: ${issue.message} (line ${issue.line})`,
    ),
    flaggedForReview: [...inputs.flaggedForReview],
  };
}

/** Skillwright's own provenance when present; otherwise who wrote it decides. */
function sourceOf(skill: LoadedSkill, committed: GitAuthorship | undefined, localUser: string | undefined): string {
  const recorded = skill.doc.metadata[META.source];
  if (recorded) return recorded;
  if (committed && localUser !== undefined && committed.author !== localUser) return 'teammate';
  return 'hand-written';
}

/** A folder that is not a loadable skill still gets a row, so nothing is silently ignored. */
export function problemRow(problem: LibraryProblem): SkillRow {
  const name = basename(problem.path) === 'SKILL.md' ? basename(dirname(problem.path)) : basename(problem.path);
  return {
    name,
    description: problem.message,
    path: problem.path,
    tier: 'invalid',
    source: 'unknown',
    uses: 0,
    findings: [],
    problems: [`${problem.reason}: ${problem.message}`],
    flaggedForReview: [],
  };
}
