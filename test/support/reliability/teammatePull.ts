/**
 * A teammate's `git pull`, on demand: reads `write <delayMs> <path> <seq>` lines on stdin, waits,
 * then rewrites the file the way git's checkout does (unlink, create, write), and answers
 * `done <seq> ok` or `done <seq> <error code>`. One long-lived process serves many rounds.
 */
import { unlinkSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export function teammateText(seq: string): string {
  return (
    `---\nname: shared-skill\ndescription: The teammate's version ${seq}. Use when testing pulls.\n---\n\n# ` +
    `Teammate edit ${seq}\n\nPulled from origin.\n`
  );
}

if (require.main === module) {
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, delay, path, seq] = line.split(' ');
    if (command !== 'write' || !path || !seq) return;
    setTimeout(() => {
      try {
        try {
          unlinkSync(path);
        } catch {
          // Already gone (accept moved the folder aside): git would just create it.
        }
        writeFileSync(path, teammateText(seq), { flag: 'wx' });
        process.stdout.write(`done ${seq} ok\n`);
      } catch (error) {
        process.stdout.write(`done ${seq} ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
      }
    }, Number(delay));
  });
}
