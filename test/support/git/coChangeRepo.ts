/**
 * A repository whose co-changes are known: src/router/index.ts always changes with its test and
 * usually with docs/routing.md; src/old/billing.ts changes with docs/billing.md five times and is
 * then renamed to src/billing/invoice.ts; unrelated notes change alone.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTempRepo, type TempRepo } from './tempRepo';

export interface CoChangeRepo {
  repo: TempRepo;
  /** The commits that changed the billing pair, the last one after the rename. */
  billingCommits: string[];
}

export function buildCoChangeRepo(): CoChangeRepo {
  const repo = createTempRepo('skillwright-related-');
  repo.commit('chore: start', {
    files: {
      'README.md': '# demo\n',
      'src/old/billing.ts': 'export const bill = 0;\n',
      'docs/billing.md': '# Billing\n',
    },
  });
  const billingCommits: string[] = [];
  for (let round = 0; round < 6; round++) {
    const files: Record<string, string> = {
      'src/router/index.ts': `export const r = ${round};\n`,
      'test/router/index.test.ts': `// ${round}\n`,
    };
    if (round < 4) files['docs/routing.md'] = `# Routing ${round}\n`;
    repo.commit(`feat(router): step ${round}`, { files });
    if (round < 5)
      billingCommits.push(
        repo.commit(`feat(billing): total ${round}`, {
          files: { 'src/old/billing.ts': `export const bill = ${round};\n`, 'docs/billing.md': `# Billing ${round}\n` },
        }),
      );
    repo.commit(`docs: note ${round}`, { files: { [`notes/n${round % 3}.md`]: `${round}\n` } });
  }
  moveFile(repo, 'src/old/billing.ts', 'src/billing/invoice.ts');
  repo.commit('refactor: move billing into its own folder');
  billingCommits.push(
    repo.commit('feat(billing): invoices', {
      files: { 'src/billing/invoice.ts': 'export const bill = 99;\n', 'docs/billing.md': '# Billing 99\n' },
    }),
  );
  return { repo, billingCommits };
}

/** `git mv`, creating the target folder first. */
export function moveFile(repo: TempRepo, from: string, to: string): void {
  mkdirSync(dirname(join(repo.dir, to)), { recursive: true });
  repo.git('mv', from, to);
}
