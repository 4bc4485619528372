import type { CommitRecord, FileChange } from './commitRecord';

/**
 * The `git log` format the parser expects: a record separator, the header fields split by unit
 * separators, the raw message, then a group separator; --numstat lines follow until the next record.
 */
export const LOG_FORMAT = '--format=%x1e%H%x1f%P%x1f%an <%ae>%x1f%at%x1f%ct%x1f%B%x1d';

const RECORD = '\x1e';
const UNIT = '\x1f';
const END = '\x1d';

/**
 * Incremental parser of `git log --numstat -M` output in LOG_FORMAT: feed it lines, it returns each
 * commit once the next one starts (and the last one from finish()). Malformed lines are counted in
 * `skipped`, never thrown.
 */
export class LogParser {
  skipped = 0;
  private current: CommitRecord | undefined;
  private header: string[] | undefined;

  push(line: string): CommitRecord | undefined {
    if (line.startsWith(RECORD)) {
      const done = this.current;
      this.current = undefined;
      this.header = [line.slice(1)];
      this.closeHeaderIfComplete();
      return done;
    }
    if (this.header) {
      this.header.push(line);
      this.closeHeaderIfComplete();
      return undefined;
    }
    if (line === '' || !this.current) return undefined;
    const change = parseNumstatLine(line);
    if (change) this.current.files.push(change);
    else this.skipped++;
    return undefined;
  }

  finish(): CommitRecord | undefined {
    const done = this.current;
    this.current = undefined;
    this.header = undefined;
    return done;
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

/** Parses `added<TAB>deleted<TAB>path`, where binaries show `-` and renames `a => b` or `x/{a => b}/y`. */
export function parseNumstatLine(line: string): FileChange | undefined {
  const firstTab = line.indexOf('\t');
  const secondTab = firstTab < 0 ? -1 : line.indexOf('\t', firstTab + 1);
  if (secondTab < 0) return undefined;
  const addedText = line.slice(0, firstTab);
  const deletedText = line.slice(firstTab + 1, secondTab);
  const rawPath = line.slice(secondTab + 1);
  const binary = addedText === '-' && deletedText === '-';
  const added = binary ? 0 : Number(addedText);
  const deleted = binary ? 0 : Number(deletedText);
  if (!rawPath || Number.isNaN(added) || Number.isNaN(deleted)) return undefined;
  const rename = splitRename(rawPath);
  return rename ? { path: rename.to, oldPath: rename.from, added, deleted, binary } : { path: rawPath, added, deleted, binary };
}

function splitRename(raw: string): { from: string; to: string } | undefined {
  const arrow = raw.indexOf(' => ');
  if (arrow < 0) return undefined;
  const open = raw.lastIndexOf('{', arrow);
  const close = raw.indexOf('}', arrow);
  if (open >= 0 && close > arrow) {
    const prefix = raw.slice(0, open);
    const suffix = raw.slice(close + 1);
    const join = (middle: string): string => `${prefix}${middle}${suffix}`.replace(/\/{2,}/g, '/').replace(/^\//, '');
    return { from: join(raw.slice(open + 1, arrow)), to: join(raw.slice(arrow + 4, close)) };
  }
  return { from: raw.slice(0, arrow), to: raw.slice(arrow + 4) };
}
