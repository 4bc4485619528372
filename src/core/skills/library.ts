import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { join, relative, sep } from 'node:path';
import { errorText, folderHash, isBinary, listSkillFolder, SKILL_MD_MAX_BYTES, type FolderFile } from './folderFiles';
import { computeSkillHash, skillEditState, type EditState } from './provenance';
import { readSkillDocument, type SkillDocument } from './skillFile';
import { validateSkillText, type SkillIssue } from './validate';

/** More entries than this in one skills folder are not read: it is not a skills folder (/proc, a home folder). */
const MAX_ENTRIES = 2000;

export interface LoadedSkill {
  doc: SkillDocument;
  /** Absolute path of SKILL.md. */
  path: string;
  /** Absolute path of the skill folder. */
  folderPath: string;
  folderName: string;
  /** The raw SKILL.md text. */
  text: string;
  issues: SkillIssue[];
  /** Content hash of SKILL.md (normalised, hash fields excluded). */
  hash: string;
  /** Hash over every file in the folder; the key trust decisions are recorded under. */
  folderHash: string;
  editState: EditState;
  handEdited: boolean;
  /** Every file in the folder with its text where small and textual, SKILL.md included. */
  files: FolderFile[];
}

/** A folder entry that could not be loaded as a skill at all. */
export interface LibraryProblem {
  path: string;
  reason: 'unreadable' | 'no-skill-md' | 'too-large' | 'binary' | 'symlink-outside' | 'not-a-file';
  message: string;
}

export interface SkillLibrary {
  folder: string;
  skills: LoadedSkill[];
  problems: LibraryProblem[];
}

/** Loads every `<name>/SKILL.md` under a folder. A missing folder is an empty library. Never throws. */
export async function loadSkillLibrary(folder: string): Promise<SkillLibrary> {
  const library: SkillLibrary = { folder, skills: [], problems: [] };
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (errorText(error) !== 'ENOENT')
      library.problems.push({
        path: folder,
        reason: 'unreadable',
        message: `cannot read skills folder: ${errorText(error)}`,
      });
    return library;
  }
  let root: string;
  try {
    root = await realpath(folder);
  } catch (error) {
    library.problems.push({ path: folder, reason: 'unreadable', message: errorText(error) });
    return library;
  }
  const names = entries
    .filter((entry) => !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  if (names.length > MAX_ENTRIES) {
    library.problems.push({
      path: folder,
      reason: 'unreadable',
      message: `holds ${names.length} entries; only the first ${MAX_ENTRIES} were read (is this a skills folder?)`,
    });
    names.length = MAX_ENTRIES;
  }
  for (const name of names) {
    const result = await loadSkillFolder(join(folder, name), root);
    if ('reason' in result) library.problems.push(result);
    else library.skills.push(result);
  }
  return library;
}

/** Loads one skill folder; `root` is the real path it must stay inside. */
export async function loadSkillFolder(folderPath: string, root?: string): Promise<LoadedSkill | LibraryProblem> {
  const problem = (reason: LibraryProblem['reason'], message: string, path = folderPath): LibraryProblem => ({
    path,
    reason,
    message,
  });
  try {
    const info = await lstat(folderPath);
    let real = folderPath;
    if (info.isSymbolicLink()) {
      real = await realpath(folderPath);
      if (root !== undefined && !isInside(real, root))
        return problem('symlink-outside', 'skill folder is a symlink pointing outside the skills folder; ignored');
      if (!(await lstat(real)).isDirectory()) return problem('not-a-file', 'not a folder');
    } else if (!info.isDirectory()) {
      return problem('not-a-file', 'not a skill folder (skills are folders holding SKILL.md)');
    }
    // SKILL.md first: a folder that is no skill (a /proc/<pid> named by mistake) is not walked at all.
    const skillPath = join(folderPath, 'SKILL.md');
    const skillInfo = await lstat(skillPath).catch(() => undefined);
    if (!skillInfo) return problem('no-skill-md', 'folder has no SKILL.md', skillPath);
    if (skillInfo.isSymbolicLink())
      return problem('symlink-outside', 'SKILL.md is a symlink; ignored for safety', skillPath);
    if (!skillInfo.isFile()) return problem('not-a-file', 'SKILL.md is not a regular file', skillPath);
    if (skillInfo.size > SKILL_MD_MAX_BYTES)
      return problem('too-large', `SKILL.md is ${skillInfo.size} bytes; the limit is ${SKILL_MD_MAX_BYTES}`, skillPath);
    const listing = await listSkillFolder(real);
    const skillFile = listing.files.find((file) => file.path === 'SKILL.md');
    if (skillFile?.text === undefined) {
      const bytes = await readFile(skillPath);
      if (isBinary(bytes)) return problem('binary', 'SKILL.md holds binary data', skillPath);
      if (skillFile)
        Object.assign(skillFile, { text: bytes.toString('utf8') }, isUtf8(bytes) ? {} : { invalidUtf8: true });
    }
    const text = skillFile?.text ?? '';
    const folderName = folderPath.split(/[\\/]/).filter(Boolean).pop() ?? '';
    const extras = listing.files
      .filter((file) => file.path !== 'SKILL.md')
      .map((file) => ({ path: file.path, size: file.size, ...(file.text !== undefined ? { text: file.text } : {}) }));
    const { doc } = readSkillDocument(text, extras);
    const editState = skillEditState(text);
    return {
      doc,
      path: skillPath,
      folderPath,
      folderName,
      text,
      issues: [
        ...encodingIssues(skillFile, skillPath, text),
        ...validateSkillText(text, { file: skillPath, folderName }),
      ],
      hash: computeSkillHash(text),
      folderHash: folderHash(listing.files),
      editState,
      handEdited: editState !== 'pristine',
      files: listing.files,
    };
  } catch (error) {
    return problem('unreadable', errorText(error));
  }
}

/** Bytes that are not UTF-8 were read as U+FFFD: the text an agent gets is not what the file says. */
function encodingIssues(file: FolderFile | undefined, path: string, text: string): SkillIssue[] {
  if (!file?.invalidUtf8) return [];
  const at = text.indexOf('\uFFFD');
  const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
  return [
    {
      file: path,
      line,
      severity: 'error',
      rule: 'encoding-invalid-utf8',
      message: 'SKILL.md is not valid UTF-8; save it as UTF-8 (invalid bytes read as U+FFFD)',
    },
  ];
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}
