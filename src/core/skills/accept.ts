import { randomUUID } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Candidate } from '../model/candidate';
import type { Redacted } from '../redaction/gate';
import { recoverInterruptedWrites, removeFolderAtomically, replaceFolderAtomically } from './atomicFolder';
import { errorText, folderHash, listSkillFolder } from './folderFiles';
import { loadSkillFolder, type LoadedSkill } from './library';
import { syncMirrors, type MirrorReport } from './mirrors';
import { renderCandidate } from './render';
import { hasWritableFrontmatter } from './skillFile';
import type { TrustStore } from './trustStore';
import { UnsafeWriteTargetError, vetWriteTarget } from '../util/writeTarget';
import { nameProblems, validateSkillText } from './validate';

export interface AcceptOptions {
  /** Absolute path of the canonical skills folder. */
  skillsFolder: string;
  /** Mirror folders to refresh afterwards (see syncMirrors); relative ones resolve against root. */
  mirrors?: readonly string[];
  /** The workspace: with it given, nothing is written outside it (symlinks followed) unless allowOutsideRoot. */
  root?: string;
  allowOutsideRoot?: boolean;
  /** Appended to the refusal, e.g. the flag that overrides it. */
  outsideRootHint?: string;
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
       * `changed-since-base`: the file changed after the candidate was made (also: while this accept ran);
       * `exists`: a new skill hit an existing name; `unparsable`: SKILL.md's frontmatter does not parse
       * (a merge left conflict markers), so it cannot be edited, only replaced after review. */
      reason: BecomeCandidateReason;
      /** An edit candidate against the skill as it is now; accepting it is safe unless the file changes again. */
      proposal: Redacted<Candidate>;
      current: LoadedSkill;
    }
  | { status: 'conflict'; reason: string };

export type BecomeCandidateReason = 'hand-edited' | 'unmanaged' | 'changed-since-base' | 'exists' | 'unparsable';

/**
 * Writes an accepted candidate as `<skillsFolder>/<name>/`, atomically. A skill that a person
 * edited (or that Skillwright never wrote) is not overwritten: the result carries a new edit
 * candidate for review instead. Extra files of an existing skill (scripts/ …) are kept.
 */
export async function acceptCandidate(candidate: Redacted<Candidate>, options: AcceptOptions): Promise<AcceptResult> {
  const outside = await outsideRoot(options);
  if (outside) return { status: 'conflict', reason: outside };
  await recoverInterruptedWrites(options.skillsFolder);
  const problems = nameProblems(candidate.name);
  if (problems.length > 0) return { status: 'conflict', reason: problems.map((problem) => problem.message).join('; ') };
  if (candidate.description.trim().length === 0) return { status: 'conflict', reason: 'description must not be empty' };
  const target = join(options.skillsFolder, candidate.name);
  const info = await lstat(target).catch(() => undefined);
  let current: LoadedSkill | undefined;
  /** The folder's hash as decided on here (undefined: no folder); re-checked just before the swap. */
  let decidedOn: FolderState | undefined;
  if (info) {
    if (info.isSymbolicLink() || !info.isDirectory())
      return { status: 'conflict', reason: `${target} exists and is not a plain skill folder` };
    // Hashed before loading: a change landing between the two then fails the re-check (safe side).
    decidedOn = await folderState(target);
    const loaded = await loadSkillFolder(target, options.skillsFolder);
    if ('reason' in loaded) {
      if (loaded.reason !== 'no-skill-md') return { status: 'conflict', reason: `${loaded.path}: ${loaded.message}` };
    } else {
      current = loaded;
      const reason = becomeCandidateReason(candidate, loaded);
      if (reason)
        return {
          status: 'became-candidate',
          reason,
          proposal: editProposal(candidate, loaded, options.now),
          current: loaded,
        };
    }
  }

  let text: string;
  try {
    text = renderCandidate(candidate, current ? { base: current.doc } : {});
  } catch (error) {
    return { status: 'conflict', reason: `could not render ${candidate.name}: ${errorText(error)}` };
  }
  const errors = validateSkillText(text, { file: join(target, 'SKILL.md'), folderName: candidate.name }).filter(
    (issue) => issue.severity === 'error',
  );
  if (errors.length > 0)
    return { status: 'conflict', reason: errors.map((issue) => `${issue.rule}: ${issue.message}`).join('; ') };
  let replaced: boolean;
  try {
    // Building and fsyncing the new folder takes milliseconds, long enough for a teammate's pull
    // to land: the folder is checked again once it is out of the way (see ReplaceOptions).
    replaced = await replaceFolderAtomically(target, [{ path: 'SKILL.md', content: text }], true, {
      stillAsLoaded: async (aside) => sameFolder(decidedOn, aside === undefined ? undefined : await folderState(aside)),
    });
  } catch (error) {
    return { status: 'conflict', reason: `could not write ${target}: ${errorText(error)}` };
  }
  if (!replaced) return changedWhileAccepting(candidate, target, options);
  const written = await loadSkillFolder(target, options.skillsFolder);
  if ('reason' in written)
    return { status: 'conflict', reason: `wrote ${target} but cannot read it back: ${written.message}` };
  options.trustStore?.trust(candidate.name, written.folderHash, 'accept', options.now);
  const mirrors = await syncConfiguredMirrors(options);
  return {
    status: 'written',
    path: written.path,
    hash: written.hash,
    folderHash: written.folderHash,
    text,
    ...(mirrors ? { mirrors } : {}),
  };
}

/** Why the skills folder may not be written (outside the workspace, not a folder); undefined when it may. */
async function outsideRoot(options: AcceptOptions): Promise<string | undefined> {
  if (options.root === undefined) return undefined;
  const inside = {
    root: options.root,
    allowOutside: options.allowOutsideRoot === true,
    ...(options.outsideRootHint ? { hint: options.outsideRootHint } : {}),
  };
  try {
    await vetWriteTarget(options.skillsFolder, { role: 'skills folder', kind: 'folder', inside });
    return undefined;
  } catch (error) {
    if (error instanceof UnsafeWriteTargetError) return error.message;
    throw error;
  }
}

/**
 * An edit candidate made against exactly the current file (its baseHash equals the file's hash)
 * was reviewed as a diff against what is on disk, so writing it loses nothing; anything else
 * that would replace a person's text goes back for review.
 */
function becomeCandidateReason(candidate: Candidate, current: LoadedSkill): BecomeCandidateReason | undefined {
  if (candidate.kind === 'edit' && candidate.baseHash === current.hash) return undefined;
  // Checked before the edit states: a merge gone wrong is what the person needs to hear about.
  if (!hasWritableFrontmatter(current.doc)) return 'unparsable';
  if (current.editState === 'hand-edited') return 'hand-edited';
  if (current.editState === 'unmanaged') return 'unmanaged';
  if (candidate.kind === 'new') return 'exists';
  if (candidate.baseHash !== undefined) return 'changed-since-base';
  return undefined;
}

/** The folder changed between the first look and the swap: the change that landed wins, ours goes back to review. */
async function changedWhileAccepting(
  candidate: Redacted<Candidate>,
  target: string,
  options: AcceptOptions,
): Promise<AcceptResult> {
  const now = await loadSkillFolder(target, options.skillsFolder);
  if ('reason' in now)
    return {
      status: 'conflict',
      reason: `${target} changed while accepting ${candidate.name} and now reads: ${now.message}; nothing was written`,
    };
  const reason =
    becomeCandidateReason({ ...candidate, kind: 'edit', baseHash: undefined }, now) ?? 'changed-since-base';
  return { status: 'became-candidate', reason, proposal: editProposal(candidate, now, options.now), current: now };
}

interface FolderState {
  hash: string;
  /** The hash with SKILL.md left out, and whether there was one. */
  hashWithoutSkillMd: string;
  hasSkillMd: boolean;
}

/** Hashed the same way at both looks (a listing, unlike loadSkillFolder, leaves big SKILL.md text out). */
async function folderState(folder: string): Promise<FolderState | undefined> {
  try {
    const files = (await listSkillFolder(folder)).files;
    const others = files.filter((file) => file.path !== 'SKILL.md');
    return {
      hash: folderHash(files),
      hashWithoutSkillMd: folderHash(others),
      hasSkillMd: others.length < files.length,
    };
  } catch {
    return undefined;
  }
}

/**
 * The folder is as decided on, or a writer is half-way through replacing SKILL.md the way git does
 * (unlink, then create): nothing of theirs has landed yet, and their create now fails loudly on
 * their side (the file exists again), so writing ours replaces nothing silently.
 */
function sameFolder(decided: FolderState | undefined, now: FolderState | undefined): boolean {
  if (decided === undefined || now === undefined) return decided === now;
  if (now.hash === decided.hash) return true;
  return decided.hasSkillMd && !now.hasSkillMd && now.hashWithoutSkillMd === decided.hashWithoutSkillMd;
}

function editProposal(candidate: Redacted<Candidate>, current: LoadedSkill, now: number): Redacted<Candidate> {
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

/** Undefined without mirror folders, so a result reports mirrors only where there are some. */
async function syncConfiguredMirrors(options: DeleteOptions): Promise<MirrorReport | undefined> {
  if (!options.mirrors || options.mirrors.length === 0) return undefined;
  return syncMirrors({
    skillsFolder: options.skillsFolder,
    mirrors: options.mirrors,
    quarantined: options.quarantined ?? new Set(),
    root: options.root,
  });
}

/** Removes a skill folder and the mirror copies Skillwright made of it (foreign ones stay). */
export async function deleteSkill(
  name: string,
  options: DeleteOptions,
): Promise<{ removed: boolean; mirrors?: MirrorReport }> {
  if (nameProblems(name).length > 0 || (await outsideRoot({ ...options, now: 0 }))) return { removed: false };
  const removed = await removeFolderAtomically(join(options.skillsFolder, name));
  const mirrors = await syncConfiguredMirrors(options);
  return { removed, ...(mirrors ? { mirrors } : {}) };
}
