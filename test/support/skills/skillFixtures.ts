import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Candidate } from '../../../src/core/model/candidate';
import type { Redacted } from '../../../src/core/redaction/gate';
import { redactCandidate } from '../../../src/core/redaction/redactCandidate';

export interface TempDir {
  dir: string;
  write(path: string, content: string | Uint8Array): string;
  read(path: string): string;
  cleanup(): void;
}

export function tempDir(prefix = 'skillwright-skills-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(path, content) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function skillMd(
  name: string,
  description = `Use when working on ${name}.`,
  body = '## Steps\n\n1. Do the thing.\n',
  extra = '',
): string {
  return `---\nname: ${name}\ndescription: ${description}\n${extra}---\n${body}`;
}

export function candidate(overrides: Partial<Candidate> = {}): Redacted<Candidate> {
  return redactCandidate({
    id: 'c1',
    name: 'run-tests',
    description: 'Run the unit tests. Use before committing.',
    kind: 'new',
    body: '## When to use\n\nBefore a commit.\n\n## Steps\n\n1. `npm test`\n',
    scope: ['src/**/*.ts'],
    confidence: 0.8,
    evidence: [{ kind: 'command', ref: 'npm test', detail: 'passed 12 times' }],
    source: 'build-commands',
    status: 'pending',
    createdAt: 1_700_000_000_000,
    ...overrides,
  });
}

/** Every file of each skill folder under a fixture root, as the scanner's input. */
export function loadCorpus(root: string): { name: string; files: { path: string; text: string }[] }[] {
  return readdirSync(root)
    .sort()
    .map((name) => {
      const base = join(root, name);
      const files: { path: string; text: string }[] = [];
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir).sort()) {
          const path = join(dir, entry);
          if (statSync(path).isDirectory()) walk(path);
          else files.push({ path: relative(base, path).replace(/\\/g, '/'), text: readFileSync(path, 'utf8') });
        }
      };
      walk(base);
      return { name, files };
    });
}
