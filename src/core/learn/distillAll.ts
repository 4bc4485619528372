import type { LearningCommit } from '../history/presentHistory';
import type { FileExcerpt } from '../history/repoTree';
import type { RecordedEvent } from '../model/events';
import type { Logger } from '../ports';
import type { LearnedCandidate } from '../distill/heuristic/candidateFactory';
import { type CoChangeDistillOptions, distillCoChange } from '../distill/heuristic/cochangeDistiller';
import { commandRuns } from '../distill/heuristic/commandRuns';
import type { CodeConventionOptions } from '../distill/heuristic/codeConventions';
import { isTestFile } from '../distill/heuristic/codeSample';
import {
  type CommitConventionOptions,
  distillCommitConventions,
} from '../distill/heuristic/commitConventionsDistiller';
import { distillErrorClasses } from '../distill/heuristic/errorClassesDistiller';
import { distillErrorWrapping } from '../distill/heuristic/errorWrappingDistiller';
import { distillFailFixPass, type FailFixPassOptions } from '../distill/heuristic/failFixPassDistiller';
import { distillHumanCorrections, type HumanCorrectionOptions } from '../distill/heuristic/humanCorrectionsDistiller';
import { distillLayoutConventions, type LayoutOptions } from '../distill/heuristic/layoutConventionsDistiller';
import { distillFileNaming } from '../distill/heuristic/fileNamingDistiller';
import { distillModuleFormat } from '../distill/heuristic/moduleFormatDistiller';
import { distillTestConventions } from '../distill/heuristic/testConventionsDistiller';
import { distillWorkingCommands } from '../distill/heuristic/workingCommandsDistiller';
import { type ApiReuseOptions, distillApiReuse } from '../distill/heuristic/apiReuse/apiReuseDistiller';
import { distillRecipes } from '../distill/heuristic/recipes/recipeDistiller';
import type { RecipeMinerOptions } from '../distill/heuristic/recipes/recipeMiner';
import type { CodeInputs } from './codeInputs';
import { errorMessage } from '../util/errorMessage';

export interface DistillInput {
  /** The history up to the split in today's paths, newest first, with recency weights. */
  commits: readonly LearningCommit[];
  /** Commits per halving of a commit's weight (see core/history/recency). */
  halfLife: number;
  /** Tree at the split, vendored and generated files removed. */
  files: readonly string[];
  /** package.json, Makefile and workflow contents at the split. */
  contents: ReadonlyMap<string, string>;
  /** Head and tail of sampled source and test files (see sampleForConventions). */
  excerpts: ReadonlyMap<string, FileExcerpt>;
  events: readonly RecordedEvent[];
  /** Added lines of recent commits and the helpers they use; absent, the code distillers say nothing. */
  code?: CodeInputs;
}

/** Per-distiller settings; `false` turns a distiller off. */
export interface DistillOptions {
  cochange?: CoChangeDistillOptions | false;
  layout?: Partial<LayoutOptions> | false;
  commitConventions?: Partial<CommitConventionOptions> | false;
  commands?: false;
  failFixPass?: Partial<FailFixPassOptions> | false;
  corrections?: Partial<HumanCorrectionOptions> | false;
  recipes?: Partial<RecipeMinerOptions> | false;
  apiReuse?: Partial<ApiReuseOptions> | false;
  /** The conventions read from the code: tests, module format, file names, errors. */
  codeConventions?: Partial<CodeConventionOptions> | false;
}

export interface DistillReport {
  candidates: LearnedCandidate[];
  produced: Record<string, number>;
  failed: Record<string, string>;
}

/** Runs every enabled heuristic distiller; one failing distiller never stops the others. */
export function distillAll(
  input: DistillInput,
  options: DistillOptions = {},
  now = Date.now(),
  logger?: Logger,
): DistillReport {
  const runs = commandRuns(input.events);
  const code = { files: input.files, excerpts: input.excerpts, contents: input.contents };
  const codeOptions = options.codeConventions || {};
  const distillers: Array<[string, false | undefined | object, () => LearnedCandidate[]]> = [
    [
      'cochange',
      options.cochange,
      () => distillCoChange(input.commits, { halfLife: input.halfLife, ...(options.cochange || {}) }, now),
    ],
    [
      'layout-conventions',
      options.layout,
      () =>
        distillLayoutConventions(
          { files: input.files, commits: input.commits, heads: sourceHeads(input.excerpts) },
          options.layout || {},
          now,
        ),
    ],
    ['test-conventions', options.codeConventions, () => distillTestConventions(code, codeOptions, now)],
    ['module-format', options.codeConventions, () => distillModuleFormat(code, codeOptions, now)],
    ['file-naming', options.codeConventions, () => distillFileNaming(code, codeOptions, now)],
    ['error-classes', options.codeConventions, () => distillErrorClasses(code, codeOptions, now)],
    ['error-wrapping', options.codeConventions, () => distillErrorWrapping(code, codeOptions, now)],
    [
      'commit-conventions',
      options.commitConventions,
      () => distillCommitConventions(input.commits, options.commitConventions || {}, now),
    ],
    [
      'working-commands',
      options.commands,
      () => distillWorkingCommands({ files: input.files, contents: input.contents, runs }, now),
    ],
    ['fail-fix-pass', options.failFixPass, () => distillFailFixPass(input.events, options.failFixPass || {}, now)],
    [
      'human-corrections',
      options.corrections,
      () => distillHumanCorrections(input.events, options.corrections || {}, now),
    ],
    ['change-recipes', options.recipes, () => distillRecipes(input.code?.additions ?? [], options.recipes || {}, now)],
    [
      'internal-api',
      options.apiReuse,
      () =>
        distillApiReuse(input.code?.apiUses ?? [], input.code?.definitions ?? new Map(), options.apiReuse || {}, now),
    ],
  ];
  const report: DistillReport = { candidates: [], produced: {}, failed: {} };
  for (const [name, setting, run] of distillers) {
    if (setting === false) continue;
    try {
      const produced = run();
      report.produced[name] = produced.length;
      report.candidates.push(...produced);
    } catch (error) {
      const message = errorMessage(error);
      report.failed[name] = message;
      logger?.warn(`distiller ${name} failed: ${message}`);
    }
  }
  return report;
}

/** The header rule reads the tops of source files only: tests and fixtures often carry none. */
function sourceHeads(excerpts: ReadonlyMap<string, FileExcerpt>): Map<string, string> {
  const heads = new Map<string, string>();
  for (const [path, excerpt] of excerpts)
    if (!isTestFile(path) && !/(^|\/)conftest\.py$/.test(path)) heads.set(path, excerpt.head);
  return heads;
}
