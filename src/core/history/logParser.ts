import type { CommitRecord, FileChange } from './commitRecord';

/**
 * The `git log` format the parser expects: a record separator, the header fields split by unit
 * separators, the raw message, then a group separator.
 */
export const LOG_FORMAT = '--format=%x1e%H%x1f%P%x1f%an <%ae>%x1f%at%x1f%ct%x1f%B%x1d';

/** The arguments that go with LOG_FORMAT: NUL-terminated output (see LogParser). */
export const LOG_ARGS = ['--numstat', '-z', LOG_FORMAT] as const;

const RECORD = '\x1e';
const UNIT = '\x1f';
const END = '\x1d';

/**
 * Incremental parser of `git log --numstat -z` output in LOG_FORMAT, fed the NUL-terminated fields
 * one at a time; it returns each commit once the next one starts (and the last one from finish()).
 * Malformed fields are counted in `skipped`, never thrown.
 *
 * The layout with -z: the header is one field (its message may span lines); the first numstat
 * field after it starts with a newline; a plain change is `added<TAB>deleted<TAB>path`, and a
 * rename is `added<TAB>deleted<TAB>` with an empty path followed by two fields, the old path and
 * the new one. Paths are never quoted or abbreviated (no `{a => b}`), so any byte a file name
 * may hold, a newline or ` => ` included, comes through as it is.
 */
export class LogParser {
  skipped = 0;
  private current: CommitRecord | undefined;
  /** Header pieces while the header's END has not been seen (a field cut short by the fuzzer or a torn stream). */
  private header: string[] | undefined;
  /** A rename's counts, waiting for its old path and then its new one. */
  private rename: { change: FileChange; from?: string } | undefined;

  push(field: string): CommitRecord | undefined {
    const text = this.header || this.rename ? field : field.replace(/^\n/, '');
    if (text.startsWith(RECORD)) {
      const done = this.current;
      if (this.rename) this.skipped++;
      this.current = undefined;
      this.rename = undefined;
      this.header = [text.slice(1)];
      this.closeHeaderIfComplete();
      return done;
    }
    if (this.header) {
      this.header.push(text);
      this.closeHeaderIfComplete();
      return undefined;
    }
    if (this.rename) {
      this.continueRename(text);
      return undefined;
    }
    if (text === '' || !this.current) return undefined;
    const change = parseNumstatEntry(text);
    if (!change) this.skipped++;
    else if (change.path === '') this.rename = { change };
    else this.current.files.push(change);
    return undefined;
  }

  finish(): CommitRecord | undefined {
    const done = this.current;
    if (this.rename) this.skipped++;
    this.current = undefined;
    this.header = undefined;
    this.rename = undefined;
    return done;
  }

  private continueRename(path: string): void {
    const rename = this.rename;
    if (!rename) return;
    if (rename.from === undefined) {
      rename.from = path;
      return;
    }
    this.rename = undefined;
    if (!rename.from || !path) {
      this.skipped++;
      return;
    }
    this.current?.files.push({ ...rename.change, path, oldPath: rename.from });
  }

  private closeHeaderIfComplete(): void {
    const header = this.header;
    if (!header) return;
    const last = header[header.length - 1] ?? '';
    const endAt = last.indexOf(END);
    if (endAt < 0) return;
    header[header.length - 1] = last.slice(0, endAt);
    this.header = undefined;
    const fields = header.join('\n').split(UNIT);
    if (fields.length < 6) {
      this.skipped++;
      return;
    }
    const [hash = '', parents = '', author = '', authorSeconds = '', commitSeconds = '', ...messageParts] = fields;
    const message = messageParts.join(UNIT).replace(/\s+$/, '');
    const newline = message.indexOf('\n');
    this.current = {
      hash,
      parents: parents ? parents.split(' ') : [],
      author,
      authorDate: Number(authorSeconds) * 1000,
      commitDate: Number(commitSeconds) * 1000,
      subject: newline < 0 ? message : message.slice(0, newline),
      body: newline < 0 ? '' : message.slice(newline + 1).trim(),
      files: [],
    };
  }
}

/**
 * Parses one `-z` numstat entry, `added<TAB>deleted<TAB>path`, where binaries show `-` for both
 * counts. An empty path (a rename, whose paths follow as fields of their own) is returned as ''.
 */
export function parseNumstatEntry(entry: string): FileChange | undefined {
  const firstTab = entry.indexOf('\t');
  const secondTab = firstTab < 0 ? -1 : entry.indexOf('\t', firstTab + 1);
  if (secondTab < 0) return undefined;
  const addedText = entry.slice(0, firstTab);
  const deletedText = entry.slice(firstTab + 1, secondTab);
  const binary = addedText === '-' && deletedText === '-';
  const added = binary ? 0 : Number(addedText);
  const deleted = binary ? 0 : Number(deletedText);
  if (!binary && (addedText === '' || deletedText === '')) return undefined;
  if (Number.isNaN(added) || Number.isNaN(deleted)) return undefined;
  return { path: entry.slice(secondTab + 1), added, deleted, binary };
}
