import type { Readable } from 'node:stream';

/** Calls onLine with each complete line a child process prints; a chunk may end mid-line. */
export function onChildLines(stream: Readable | null, onLine: (line: string) => void): void {
  let buffered = '';
  stream?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}
