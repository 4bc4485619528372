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

export function encodeJournalRecord(event: RecordedEvent): string {
  return encodeJournalJson(JSON.stringify(event));
}

/** One journal line for an event whose JSON the caller already has (it is stored as the payload too). */
export function encodeJournalJson(eventJson: string): string {
  const body = `${JOURNAL_VERSION} ${eventJson}`;
  return `${checksum(body)} ${body}\n`;
}

export interface ParsedJournal {
  events: RecordedEvent[];
  /** Byte length of the prefix that ends with the last valid record; the rest is a torn tail. */
  validLength: number;
  /** Lines dropped because their checksum or JSON was bad (a torn tail counts as one). */
  skippedRecords: number;
  /** The highest version seen above JOURNAL_VERSION, when a newer Skillwright wrote records. */
  newerVersion?: number;
}

const NEWLINE = 0x0a;

export function parseJournal(bytes: Uint8Array): ParsedJournal {
  const events: RecordedEvent[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let validLength = 0;
  let skippedRecords = 0;
  let newerVersion: number | undefined;
  let start = 0;
  while (start < buffer.length) {
    const end = buffer.indexOf(NEWLINE, start);
    if (end < 0) {
      skippedRecords++; // A torn last record: written in part when the process died.
      break;
    }
    const line = buffer.toString('utf8', start, end);
    start = end + 1;
    const record = parseLine(line);
    if (record === undefined) {
      skippedRecords++;
      continue;
    }
    validLength = start;
    if (record.event === undefined) newerVersion = Math.max(newerVersion ?? 0, record.version);
    else events.push(record.event);
  }
  return newerVersion === undefined ? { events, validLength, skippedRecords } : { events, validLength, skippedRecords, newerVersion };
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
