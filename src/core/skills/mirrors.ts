import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  recoverInterruptedWrites,
  removeFolderAtomically,
  replaceFolderAtomically,
  type FolderEntry,
} from './atomicFolder';
import { UnsafeWriteTargetError, vetWriteTarget } from '../util/writeTarget';
import { errorText, folderHash, listSkillFolder, type FolderFile } from './folderFiles';
import { loadSkillLibrary, type LoadedSkill } from './library';
import { META, stampHash } from './provenance';
import { readSkillDocument, writeSkillDocument } from './skillFile';
import { isValidSkillName } from './validate';

export interface MirrorOptions {
  /** The canonical folder, e.g. `/repo/.agents/skills`. */
  skillsFolder: string;
  /** Extra copies, e.g. `.claude/skills`; relative ones resolve against `root`. */
  mirrors: readonly string[];
  /** Skill names held back from agents; their mirror copies are removed, not refreshed. */
  quarantined: ReadonlySet<string>;
  /** Workspace root for relative mirror paths. Defaults to two levels above skillsFolder. */
  root?: string;
}

export type MirrorConflictReason = 'foreign' | 'mirror-edited' | 'not-a-folder' | 'outside-workspace';

export interface MirrorReport {
  written: string[];
  unchanged: string[];
  removed: string[];
  /** Mirror folders left untouched because they are not (or no longer) Skillwright's copies. */
  conflicts: { path: string; reason: MirrorConflictReason }[];
  /** Canonical skills not mirrored, and why. */
  skipped: { name: string; reason: string }[];
}

/**
 * Ownership rule. A mirror folder belongs to Skillwright only when its SKILL.md carries
 * `skillwright.mirror-of` equal to the relative path from that folder to its canonical folder,
 * AND `skillwright.mirror-hash` still equals the hash of the mirror folder's files. Anything else
 * (a hand-made Claude skill of the same name, a copy someone edited in place, a symlink) is
 * foreign and never written over or deleted. The marker is a relative path, so it survives clones.
 */
export async function syncMirrors(options: MirrorOptions): Promise<MirrorReport> {
  const report: MirrorReport = { written: [], unchanged: [], removed: [], conflicts: [], skipped: [] };
  const canonical = resolve(options.skillsFolder);
  const root = resolve(options.root ?? join(canonical, '..', '..'));
  const library = await loadSkillLibrary(canonical);
  const deliverable = new Map<string, LoadedSkill>();
  for (const skill of library.skills) {
    if (options.quarantined.has(skill.folderName))
      report.skipped.push({ name: skill.folderName, reason: 'quarantined' });
    else if (!isValidSkillName(skill.folderName) || skill.doc.name !== skill.folderName)
      report.skipped.push({ name: skill.folderName, reason: 'invalid name' });
    else deliverable.set(skill.folderName, skill);
  }
  for (const mirror of options.mirrors) {
    const mirrorRoot = resolve(root, mirror);
    if (mirrorRoot === canonical) continue;
    const refused = await refusedMirror(mirrorRoot, root);
    if (refused) {
      report.conflicts.push({ path: mirrorRoot, reason: refused });
      continue;
    }
    // A mirror write killed half-way leaves a hidden temp folder there too.
    await recoverInterruptedWrites(mirrorRoot);
    for (const skill of deliverable.values()) await refreshMirror(skill, mirrorRoot, report);
    await removeOrphans(mirrorRoot, canonical, deliverable, report);
  }
  return report;
}

/**
 * Mirrors are copies inside the workspace; one configured (or symlinked) outside it, or not a folder, is never written.
 */
async function refusedMirror(mirrorRoot: string, root: string): Promise<MirrorConflictReason | undefined> {
  try {
    await vetWriteTarget(mirrorRoot, { role: 'mirror folder', kind: 'folder', inside: { root } });
    return undefined;
  } catch (error) {
    if (error instanceof UnsafeWriteTargetError)
      return error.reason === 'outside' ? 'outside-workspace' : 'not-a-folder';
    throw error;
  }
}

async function refreshMirror(skill: LoadedSkill, mirrorRoot: string, report: MirrorReport): Promise<void> {
  const target = join(mirrorRoot, skill.folderName);
  const marker = markerFor(target, skill.folderPath);
  const owner = await ownership(target, marker);
  if (owner === 'foreign' || owner === 'mirror-edited' || owner === 'not-a-folder') {
    report.conflicts.push({ path: target, reason: owner });
    return;
  }
  try {
    const entries = await mirrorEntries(skill, marker);
    if (owner !== 'absent') {
      const current = await listSkillFolder(target);
      const wanted = entries.map((entry): FolderFile => ({
        path: entry.path,
        size: 0,
        digest: digestOf(skill, entry.path),
        ...(entry.path === 'SKILL.md' ? { text: String(entry.content) } : {}),
      }));
      if (folderHash(current.files, [META.mirrorHash]) === folderHash(wanted, [META.mirrorHash])) {
        report.unchanged.push(target);
        return;
      }
    }
    await replaceFolderAtomically(target, entries, false);
    report.written.push(target);
  } catch (error) {
    report.skipped.push({ name: skill.folderName, reason: `cannot mirror to ${target}: ${errorText(error)}` });
  }
}

async function removeOrphans(
  mirrorRoot: string,
  canonical: string,
  deliverable: ReadonlyMap<string, LoadedSkill>,
  report: MirrorReport,
): Promise<void> {
  let names: string[];
  try {
    names = await readdir(mirrorRoot);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    if (name.startsWith('.') || deliverable.has(name)) continue;
    const target = join(mirrorRoot, name);
    const owner = await ownership(target, markerFor(target, join(canonical, name)));
    if (owner === 'ours') {
      await removeFolderAtomically(target);
      report.removed.push(target);
    } else if (owner === 'mirror-edited') {
      report.conflicts.push({ path: target, reason: owner });
    }
  }
}

type Ownership = 'absent' | 'ours' | MirrorConflictReason;

async function ownership(target: string, expectedMarker: string): Promise<Ownership> {
  const info = await lstat(target).catch(() => undefined);
  if (!info) return 'absent';
  if (!info.isDirectory()) return 'not-a-folder';
  const listing = await listSkillFolder(target);
  const skillFile = listing.files.find((file) => file.path === 'SKILL.md');
  if (skillFile?.text === undefined) return 'foreign';
  const { doc } = readSkillDocument(skillFile.text);
  if (doc.metadata[META.mirrorOf] !== expectedMarker) return 'foreign';
  return doc.metadata[META.mirrorHash] === folderHash(listing.files, [META.mirrorHash]) ? 'ours' : 'mirror-edited';
}

function markerFor(mirrorSkillFolder: string, canonicalSkillFolder: string): string {
  return relative(mirrorSkillFolder, canonicalSkillFolder).replace(/\\/g, '/');
}

function digestOf(skill: LoadedSkill, path: string): string {
  return skill.files.find((file) => file.path === path)?.digest ?? '';
}

/** The mirror's files: the canonical ones byte for byte, SKILL.md with the ownership marker added. */
async function mirrorEntries(skill: LoadedSkill, marker: string): Promise<FolderEntry[]> {
  const others = skill.files.filter((file) => file.path !== 'SKILL.md' && !file.symlink);
  const { doc } = readSkillDocument(skill.text);
  doc.metadata = { ...doc.metadata, [META.mirrorOf]: marker };
  const text = stampHash(writeSkillDocument(doc), META.mirrorHash, (candidate) =>
    folderHash([{ path: 'SKILL.md', size: 0, digest: '', text: candidate }, ...others], [META.mirrorHash]),
  );
  const entries: FolderEntry[] = [{ path: 'SKILL.md', content: text }];
  for (const file of others)
    entries.push({ path: file.path, content: await readFile(join(skill.folderPath, ...file.path.split('/'))) });
  return entries;
}
