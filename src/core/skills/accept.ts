import { randomUUID } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Candidate } from '../model/candidate';
import { recoverInterruptedWrites, removeFolderAtomically, replaceFolderAtomically } from './atomicFolder';
import { errorText } from './folderFiles';
import { loadSkillFolder, type LoadedSkill } from './library';
import { syncMirrors, type MirrorReport } from './mirrors';
import { renderCandidate } from './render';
import type { TrustStore } from './trustStore';
import { nameProblems, validateSkillText } from './validate';

export interface AcceptOptions {
  /** Absolute path of the canonical skills folder. */
  skillsFolder: string;
  /** Mirror folders to refresh afterwards (see syncMirrors); relative ones resolve against root. */
  mirrors?: readonly string[];
  root?: string;
  /** Names currently quarantined, kept out of the mirrors. */
  quarantined?: ReadonlySet<string>;
  now: number;
  /** When given, the written folder's hash is recorded as trusted by the accept flow. */
  trustStore?: TrustStore;
}

export type AcceptResult =
  | { status: 'written'; path: string; hash: string; folderHash: string; text: string; mirrors?: MirrorReport }
  | {
      status: 'became-candidate';
      /** `hand-edited`: a person changed Skillwright's file; `unmanaged`: the folder was never Skillwright's;
       * `changed-since-base`: the file changed after the candidate was made; `exists`: a new skill hit an existing name. */
      reason: 'hand-edited' | 'unmanaged' | 'changed-since-base' | 'exists';
      /** An edit candidate against the skill as it is now; accepting it is safe unless the file changes again. */
      proposal: Candidate;
      current: LoadedSkill;
    }
  | { status: 'conflict'; reason: string };

/**
 * Writes an accepted candidate as `<skillsFolder>/<name>/`, atomically. A skill that a person
 * edited (or that Skillwright never wrote) is not overwritten: the result carries a new edit
 * candidate for review instead. Extra files of an existing skill (scripts/ …) are kept.
 */
export async function acceptCandidate(candidate: Candidate, options: AcceptOptions): Promise<AcceptResult> {
  const problems = nameProblems(candidate.name);
  if (problems.length > 0) return { status: 'conflict', reason: problems.map((problem) => problem.message).join('; ') };
  if (candidate.description.trim().length === 0) return { status: 'conflict', reason: 'description must not be empty' };
  await recoverInterruptedWrites(options.skillsFolder);
  const target = join(options.skillsFolder, candidate.name);
  const info = await lstat(target).catch(() => undefined);
  let current: LoadedSkill | undefined;
  if (info) {
    if (info.isSymbolicLink() || !info.isDirectory()) return { status: 'conflict', reason: `${target} exists and is not a plain skill folder` };
    const loaded = await loadSkillFolder(target, options.skillsFolder);
    if ('reason' in loaded) {
      if (loaded.reason !== 'no-skill-md') return { status: 'conflict', reason: `${loaded.path}: ${loaded.message}` };
    } else {
      current = loaded;
      const reason = becomeCandidateReason(candidate, loaded);
      if (reason) return { status: 'became-candidate', reason, proposal: editProposal(candidate, loaded, options.now), current: loaded };
    }
  }

  const text = renderCandidate(candidate, current ? { base: current.doc } : {});
  const errors = validateSkillText(text, { file: join(target, 'SKILL.md'), folderName: candidate.name }).filter((issue) => issue.severity === 'error');
  if (errors.length > 0) return { status: 'conflict', reason: errors.map((issue) => `${issue.rule}: ${issue.message}`).join('; ') };
  try {
    await replaceFolderAtomically(target, [{ path: 'SKILL.md', content: text }], true);
  } catch (error) {
    return { status: 'conflict', reason: `could not write ${target}: ${errorText(error)}` };
  }
  const written = await loadSkillFolder(target, options.skillsFolder);
  if ('reason' in written) return { status: 'conflict', reason: `wrote ${target} but cannot read it back: ${written.message}` };
  options.trustStore?.trust(candidate.name, written.folderHash, 'accept', options.now);
  const mirrors = options.mirrors && options.mirrors.length > 0
    ? await syncMirrors({ skillsFolder: options.skillsFolder, mirrors: options.mirrors, quarantined: options.quarantined ?? new Set(), root: options.root })
    : undefined;
  return { status: 'written', path: written.path, hash: written.hash, folderHash: written.folderHash, text, ...(mirrors ? { mirrors } : {}) };
}

/**
 * An edit candidate made against exactly the current file (its baseHash equals the file's hash)
 * was reviewed as a diff against what is on disk, so writing it loses nothing; anything else
 * that would replace a person's text goes back for review.
 */
function becomeCandidateReason(candidate: Candidate, current: LoadedSkill): 'hand-edited' | 'unmanaged' | 'changed-since-base' | 'exists' | undefined {
  if (candidate.kind === 'edit' && candidate.baseHash === current.hash) return undefined;
  if (current.editState === 'hand-edited') return 'hand-edited';
  if (current.editState === 'unmanaged') return 'unmanaged';
  if (candidate.kind === 'new') return 'exists';
  if (candidate.baseHash !== undefined) return 'changed-since-base';
  return undefined;
}

function editProposal(candidate: Candidate, current: LoadedSkill, now: number): Candidate {
  return {
    ...candidate,
    id: randomUUID(),
    kind: 'edit',
    status: 'pending',
    createdAt: now,
    baseHash: current.hash,
  };
}

export interface DeleteOptions {
  skillsFolder: string;
  mirrors?: readonly string[];
  root?: string;
  quarantined?: ReadonlySet<string>;
}

/** Removes a skill folder and the mirror copies Skillwright made of it (foreign ones stay). */
export async function deleteSkill(name: string, options: DeleteOptions): Promise<{ removed: boolean; mirrors?: MirrorReport }> {
  if (nameProblems(name).length > 0) return { removed: false };
  const removed = await removeFolderAtomically(join(options.skillsFolder, name));
  const mirrors = options.mirrors && options.mirrors.length > 0
    ? await syncMirrors({ skillsFolder: options.skillsFolder, mirrors: options.mirrors, quarantined: options.quarantined ?? new Set(), root: options.root })
    : undefined;
  return { removed, ...(mirrors ? { mirrors } : {}) };
}
