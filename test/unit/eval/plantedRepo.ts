/**
 * A small repository with planted regularities and a known split, whose metrics are worked out by
 * hand in evaluation.test.ts:
 * - before the split (12 commits, alternating): src/parser/lexer.ts always changes with
 *   test/parser/lexer.test.ts, src/render/html.ts always with docs/render.md;
 * - after it: one commit of each pair (the render one adds src/render/css.ts), a lockfile-only
 *   and a bulk commit (both trivial), then five commits pairing src/billing/invoice.ts with
 *   docs/invoices.md, a regularity that starts only after the split and that nothing but the
 *   history shows (different folders, no test naming, no import).
 */
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';

export interface PlantedRepo {
  repo: TempRepo;
  split: string;
}

export function buildPlantedRepo(): PlantedRepo {
  const repo = createTempRepo('skillwright-eval-');
  let split = '';
  for (let index = 0; index < 6; index++) {
    repo.commit(`feat(parser): handle lexer tokens ${index}`, {
      files: { 'src/parser/lexer.ts': `// ${index}\n`, 'test/parser/lexer.test.ts': `// ${index}\n` },
    });
    split = repo.commit(`docs(render): update html template ${index}`, {
      files: { 'src/render/html.ts': `// ${index}\n`, 'docs/render.md': `${index}\n` },
    });
  }
  repo.commit('fix(parser): lexer tokens with unicode', {
    files: { 'src/parser/lexer.ts': '// t1\n', 'test/parser/lexer.test.ts': '// t1\n' },
  });
  repo.commit('feat(render): html escape with css', {
    files: { 'src/render/html.ts': '// t2\n', 'docs/render.md': 't2\n', 'src/render/css.ts': '// t2\n' },
  });
  repo.commit('chore: refresh lock', { files: { 'package-lock.json': '{}\n' } });
  const bulk: Record<string, string> = {};
  for (let index = 0; index < 51; index++) bulk[`assets/icon${index}.svg`] = `<svg>${index}</svg>\n`;
  repo.commit('feat(assets): add icons', { files: bulk });
  for (let index = 0; index < 5; index++) {
    repo.commit(`feat(billing): invoice totals ${index}`, {
      files: { 'src/billing/invoice.ts': `// ${index}\n`, 'docs/invoices.md': `${index}\n` },
    });
  }
  return { repo, split };
}
