import { crc32 } from 'node:zlib';
import type { RecordedEvent } from '../model/events';

/**
 * The journal is JSON lines, each prefixed with its CRC-32 and the journal format version:
 *
 *     <crc32 as 8 hex digits> <version> <JSON of the event>\n
 *
 * A line is only trusted when its newline, checksum and JSON all check out, so a record torn by
 * a crash (or a disk that filled up mid-write) is detected and dropped on replay. The version
 * lets an older Skillwright recognise a journal written by a newer one instead of misreading it.
 */
export const JOURNAL_VERSION = 1;
const VERSION_PREFIX = `${JOURNAL_VERSION} `;
const VERSION_PREFIX_CRC = crc32(VERSION_PREFIX);
const NEWLINE = 0x0a;
const SPACE = 0x20;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Checksum, space, version prefix and newline around each event's JSON. */
const LINE_OVERHEAD = 9 + VERSION_PREFIX.length + 1;

export function encodeJournalRecord(event: RecordedEvent): string {
  return encodeJournalJson(JSON.stringify(event));
}

/** One journal line for an event whose JSON the caller already has (it is stored as the payload too). */
export function encodeJournalJson(eventJson: string): string {
  // The checksum covers `<version> <JSON>`, continued from the prefix's so the two are not joined twice.
  const sum = crc32(eventJson, VERSION_PREFIX_CRC).toString(16).padStart(8, '0');
  return `${sum} ${VERSION_PREFIX}${eventJson}\n`;
}

/**
 * The lines for many events at once, encoded straight into one buffer with each checksum taken
 * over the bytes already there: no per-line string building or second UTF-8 pass. ends[i] is
 * where line i stops (line i starts where line i - 1 ends).
 */
export function encodeJournalBatch(eventJsons: readonly string[]): { bytes: Buffer; ends: number[] } {
  const bodyLengths = eventJsons.map((json) => Buffer.byteLength(json, 'utf8'));
  const bytes = Buffer.allocUnsafe(bodyLengths.reduce((total, length) => total + length + LINE_OVERHEAD, 0));
  const ends: number[] = [];
  let position = 0;
  for (let index = 0; index < eventJsons.length; index++) {
    const start = position;
    position += 9; // `<crc32> `, written once the body is in place
    position += bytes.write(VERSION_PREFIX, position, 'latin1');
    position += bytes.write(eventJsons[index] as string, position, bodyLengths[index] as number, 'utf8');
    let sum = crc32(bytes.subarray(start + 9, position));
    for (let digit = 7; digit >= 0; digit--, sum >>>= 4) bytes[start + digit] = HEX_DIGITS[sum & 15] as number;
    bytes[start + 8] = SPACE;
    bytes[position++] = NEWLINE;
    ends.push(position);
  }
  return { bytes: bytes.subarray(0, position), ends };
}

export interface ParsedJournal {
  events: RecordedEvent[];
  /** Where each event's line starts in the bytes, and its length with the newline (parallel to events). */
  offsets: number[];
  lengths: number[];
  /** Byte length of the prefix that ends with the last valid record; the rest is a torn tail. */
  validLength: number;
  /** Lines dropped because their checksum or JSON was bad (a torn tail counts as one). */
  skippedRecords: number;
  /** The highest version seen above JOURNAL_VERSION, when a newer Skillwright wrote records. */
  newerVersion?: number;
  /** Where the first record of a newer version starts. */
  firstNewerOffset?: number;
}

/** Parses from byte `from` on; offsets are still counted from the start of bytes. */
export function parseJournal(bytes: Uint8Array, from = 0): ParsedJournal {
  const events: RecordedEvent[] = [];
  const offsets: number[] = [];
  const lengths: number[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let skippedRecords = 0;
  let newerVersion: number | undefined;
  let firstNewerOffset: number | undefined;
  let start = from;
  let validLength = from;
  while (start < buffer.length) {
    const end = buffer.indexOf(NEWLINE, start);
    if (end < 0) {
      skippedRecords++; // A torn last record: written in part when the process died.
      break;
    }
    const line = buffer.toString('utf8', start, end);
    const lineStart = start;
    start = end + 1;
    const record = parseLine(line);
    if (record === undefined) {
      skippedRecords++;
      continue;
    }
    validLength = start;
    if (record.event === undefined) {
      newerVersion = Math.max(newerVersion ?? 0, record.version);
      firstNewerOffset ??= lineStart;
    } else {
      events.push(record.event);
      offsets.push(lineStart);
      lengths.push(start - lineStart);
    }
  }
  const parsed: ParsedJournal = { events, offsets, lengths, validLength, skippedRecords };
  if (newerVersion !== undefined) Object.assign(parsed, { newerVersion, firstNewerOffset });
  return parsed;
}

/** One line read back by its offset (with or without its newline); undefined unless it checks out. */
export function decodeJournalLine(line: string): RecordedEvent | undefined {
  return parseLine(line.endsWith('\n') ? line.slice(0, -1) : line)?.event;
}

/** A record of a newer version comes back without its event: this code cannot know its shape. */
function parseLine(line: string): { version: number; event?: RecordedEvent } | undefined {
  if (line.length < 12 || line[8] !== ' ') return undefined;
  const body = line.slice(9);
  if (checksum(body) !== line.slice(0, 8)) return undefined;
  const space = body.indexOf(' ');
  const version = Number(body.slice(0, space));
  if (space < 1 || !Number.isInteger(version)) return undefined;
  if (version > JOURNAL_VERSION) return { version };
  try {
    const event = JSON.parse(body.slice(space + 1)) as RecordedEvent;
    if (!isEventShaped(event)) return undefined;
    return { version, event };
  } catch {
    return undefined;
  }
}

function isEventShaped(value: unknown): value is RecordedEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Partial<RecordedEvent>;
  return typeof event.id === 'string' && typeof event.type === 'string' && typeof event.ts === 'number';
}

function checksum(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}
