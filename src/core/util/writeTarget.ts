import { constants, type Stats } from 'node:fs';
import { access, lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The one check every path Skillwright writes to passes first: the store and its companion
 * files, the gap inbox, exports, the skills folder and its mirrors.
 *
 * Why a check before writing at all: these writes replace files by rename, truncate them or
 * append to them, so a path that names something other than an ordinary file of ours would be
 * clobbered (a device replaced by a database, a read-only file silently rewritten), or would
 * hang the writer (a FIFO). Symlinks are followed and kept: the real file is written and the link
 * stays, so a store moved elsewhere and linked back keeps updating, and every name of one store
 * shares one lock beside the real file.
 */
export class UnsafeWriteTargetError extends Error {
  override readonly name = 'UnsafeWriteTargetError';

  constructor(
    message: string,
    /** `outside`: a workspace-bound write would leave the workspace; `kind`: the path is not what can be written. */
    readonly reason: 'kind' | 'outside' = 'kind',
  ) {
    super(message);
  }
}

export interface WriteTargetOptions {
  /** Named in messages: "store", "gap inbox", "export", "skills folder". */
  role: string;
  /** What will be written there; a folder is only ever created or replaced inside. @default 'file' */
  kind?: 'file' | 'folder';
  /** Writes must stay inside this folder (after following links) unless `allowOutside`. */
  inside?: { root: string; allowOutside?: boolean; hint?: string };
}

/** Symlink chains longer than this are refused, as the kernel refuses them (ELOOP). */
const MAX_LINKS = 40;

/**
 * Vets `path` for writing and returns the path to write: `path` itself, or the file its symlinks
 * finally point at. Throws UnsafeWriteTargetError, with one line naming the path, when it is a
 * directory (for a file), a FIFO, a socket, a device, a read-only file or outside `inside.root`.
 * A path that does not exist yet is fine as long as its nearest existing ancestor is a folder.
 */
export async function vetWriteTarget(path: string, options: WriteTargetOptions): Promise<string> {
  const target = await followLinks(resolve(path), options.role);
  const info = await lstatIfPresent(target);
  if (info) await checkKind(info, path, target, options);
  else await checkAncestor(path, target, options.role);
  if (options.inside && !options.inside.allowOutside) await checkInside(path, target, options.inside, options.role);
  return target;
}

async function followLinks(path: string, role: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const info = await lstatIfPresent(current);
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw new UnsafeWriteTargetError(
    `the ${role} ${path} is a chain of more than ${MAX_LINKS} symlinks (a loop?); nothing was written`,
  );
}

async function checkKind(info: Stats, path: string, target: string, options: WriteTargetOptions): Promise<void> {
  const named = target === resolve(path) ? path : `${path} (a symlink to ${target})`;
  const refuse = (what: string): never => {
    throw new UnsafeWriteTargetError(
      `the ${options.role} ${named} ${what}; Skillwright writes only ` +
        `to ${options.kind === 'folder' ? 'a folder' : 'a regular file'}, so nothing was written`,
    );
  };
  const special = specialKind(info);
  if (special) refuse(`is ${special}`);
  if (options.kind === 'folder') {
    if (!info.isDirectory()) refuse('is a file, not a folder');
    return;
  }
  if (info.isDirectory()) refuse(`is a directory (give a file path, e.g. ${join(path, defaultName(options.role))})`);
  // Mode bits, not access(): root may write anything, but a file someone made read-only stays so.
  if ((info.mode & 0o222) === 0 || !(await writable(target))) {
    throw new UnsafeWriteTargetError(
      `the ${options.role} ${named} is read-only (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); ` +
        `Skillwright does not change its mode or replace it, so nothing was written. Make it writable or choose ` +
        `another path`,
    );
  }
}

function specialKind(info: Stats): string | undefined {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return undefined;
}

/** A new file needs a folder to go in: the nearest existing ancestor must be one (mkdir makes the rest). */
async function checkAncestor(path: string, target: string, role: string): Promise<void> {
  for (let folder = dirname(target); ; folder = dirname(folder)) {
    const info = await stat(folder).catch(() => undefined);
    if (info) {
      if (!info.isDirectory())
        throw new UnsafeWriteTargetError(
          `the ${role} ${path} cannot be created: ${folder} is not a folder; nothing was written`,
        );
      return;
    }
    if (dirname(folder) === folder) return;
  }
}

async function checkInside(
  path: string,
  target: string,
  inside: NonNullable<WriteTargetOptions['inside']>,
  role: string,
): Promise<void> {
  const root = await realpath(inside.root).catch(() => resolve(inside.root));
  const real = await realPathOfMaybeMissing(target);
  const rel = relative(root, real);
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel)))
    return;
  const via = real === resolve(path) ? '' : ` (it resolves to ${real})`;
  throw new UnsafeWriteTargetError(
    `the ${role} ${path}${via} is outside the repository ${root}; nothing was ` +
      `written${inside.hint ? `. ${inside.hint}` : ''}`,
    'outside',
  );
}

/** realpath of the deepest existing ancestor, with the missing rest appended. */
async function realPathOfMaybeMissing(path: string): Promise<string> {
  const missing: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    const real = await realpath(current).catch(() => undefined);
    if (real !== undefined) return join(real, ...missing.reverse());
    if (dirname(current) === current) return path;
    missing.push(basename(current));
  }
}

async function lstatIfPresent(path: string): Promise<Stats | undefined> {
  return lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw new UnsafeWriteTargetError(`cannot check ${path} before writing to it: ${error.code ?? error.message}`);
  });
}

async function writable(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

function defaultName(role: string): string {
  if (role === 'store') return 'skillwright.db';
  if (role === 'export') return 'skillwright-export.jsonl';
  return 'file';
}
