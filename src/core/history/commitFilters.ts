import { globMatcher, type PathMatcher } from '../util/glob';
import { composePattern } from '../util/patterns';
import type { ClassifiedCommit, CommitRecord, ExclusionReason } from './commitRecord';

/**
 * Which commits and files are kept out of the statistics, so that sweeps and machine output do
 * not drown the regularities people actually follow. Evaluation applies the same rules.
 *
 * - merges (`excludeMerges`, default true): commits with ≥ 2 parents are skipped.
 * - bulk (`maxFilesPerCommit`, default 50): a commit with more counted files than this is skipped.
 * - vendoring (`vendorGlobs`: vendor/, third_party/, node_modules/, …): the files are dropped; a
 *   vendor-only commit is skipped.
 * - generated (`generatedGlobs`: dist/, build/, *.min.js, *.snap, *.map, …): the files are
 *   dropped; a generated-only commit is skipped.
 * - lockfiles (`lockfileGlobs`: package-lock.json, yarn.lock, go.sum, …): the files are dropped; a
 *   lockfile-only commit is skipped.
 * - formatting sweep (`formatSweepMinFiles`, 8 files, and `formatSweepMessage`,
 *   /format|prettier|lint fix|…/): skipped when both hold, or when ≥ 20 files all have
 *   added == deleted.
 * - release (`releaseMessage`, /^(release|bump version|v?1.2.3)/, after an optional `chore(x):`
 *   prefix): version bumps are skipped, since they pair manifests with changelogs mechanically.
 * - dependency bumps (`botAuthors`, /[bot]|renovate|dependabot/, and `dependencyMessage`,
 *   /^(chore\(deps\)|update x to v1|bump x from … to …)/): automated or routine version bumps are
 *   skipped, since they pair manifests with tests.
 */
export interface CommitFilterOptions {
  excludeMerges: boolean;
  maxFilesPerCommit: number;
  vendorGlobs: string[];
  generatedGlobs: string[];
  lockfileGlobs: string[];
  formatSweepMinFiles: number;
  formatSweepMessage: RegExp;
  releaseMessage: RegExp;
  botAuthors: RegExp;
  dependencyMessage: RegExp;
}

/** `(a|b|c)`: anyOf's capturing twin; the defaults were written with capturing groups and keep their exact sources. */
function oneOf(alternatives: readonly string[]): string {
  return `(${alternatives.join('|')})`;
}

const RELEASE_MESSAGE = composePattern(
  [
    '^',
    oneOf([
      String.raw`release\b`,
      String.raw`releasing\b`,
      'bump(ed)? (the )?version',
      'build new version',
      'prepare (for )?release',
      String.raw`\[release\]`,
      String.raw`v?\d+\.\d+\.\d+\b`,
    ]),
  ],
  'i',
);

const DEPENDENCY_MESSAGE = composePattern(
  [
    '^',
    oneOf([
      String.raw`(chore|build|fix|ci)\((deps|deps-dev|dependencies)\)!?:`,
      String.raw`update (dependency|dependencies|devdependencies|github actions)\b`,
      String.raw`update \S+( \S+)? to v?\d`,
      String.raw`bump \S+ from \S+ to `,
      String.raw`upgrade \S+( \S+)? to v?\d`,
    ]),
  ],
  'i',
);

const FORMAT_SWEEP_MESSAGE = composePattern(
  [
    String.raw`\b`,
    oneOf([
      'format(ting)?',
      'reformat',
      'prettier',
      'lint[ -]?fix(es)?',
      'fix lint',
      'eslint --fix',
      'black',
      'gofmt',
      'rustfmt',
      'clang-format',
      'whitespace',
      'code style',
    ]),
    String.raw`\b`,
  ],
  'i',
);

export const DEFAULT_COMMIT_FILTERS: CommitFilterOptions = {
  excludeMerges: true,
  maxFilesPerCommit: 50,
  vendorGlobs: [
    '**/vendor/**',
    '**/third_party/**',
    '**/third-party/**',
    '**/node_modules/**',
    '**/bower_components/**',
  ],
  generatedGlobs: [
    'dist/**',
    'build/**',
    'out/**',
    '**/*.min.js',
    '**/*.min.css',
    '**/*.map',
    '**/*.snap',
    '**/__snapshots__/**',
    '**/*.generated.*',
    '**/*.pb.go',
    '**/*_pb2.py',
    'coverage/**',
  ],
  lockfileGlobs: [
    '**/package-lock.json',
    '**/npm-shrinkwrap.json',
    '**/yarn.lock',
    '**/pnpm-lock.yaml',
    '**/bun.lockb',
    '**/Cargo.lock',
    '**/poetry.lock',
    '**/Pipfile.lock',
    '**/uv.lock',
    '**/go.sum',
    '**/Gemfile.lock',
    '**/composer.lock',
    '**/mix.lock',
    '**/pubspec.lock',
    '**/Podfile.lock',
  ],
  formatSweepMinFiles: 8,
  releaseMessage: RELEASE_MESSAGE,
  botAuthors: /\[bot\]|\brenovate\b|\bdependabot\b|\bgreenkeeper\b|\bsnyk-bot\b/i,
  dependencyMessage: DEPENDENCY_MESSAGE,
  formatSweepMessage: FORMAT_SWEEP_MESSAGE,
};

/** Classifies commits; build one per run (it caches compiled globs and per-path verdicts). */
export class CommitClassifier {
  private readonly vendor: PathMatcher;
  private readonly generated: PathMatcher;
  private readonly lockfile: PathMatcher;
  private readonly verdicts = new Map<string, 'vendor' | 'generated' | 'lockfile' | 'ok'>();

  constructor(readonly options: CommitFilterOptions = DEFAULT_COMMIT_FILTERS) {
    this.vendor = globMatcher(options.vendorGlobs);
    this.generated = globMatcher(options.generatedGlobs);
    this.lockfile = globMatcher(options.lockfileGlobs);
  }

  /** Whether a single path counts in statistics (also used on trees and events). */
  pathKind(path: string): 'vendor' | 'generated' | 'lockfile' | 'ok' {
    let verdict = this.verdicts.get(path);
    if (!verdict) {
      verdict = this.vendor(path)
        ? 'vendor'
        : this.lockfile(path)
          ? 'lockfile'
          : this.generated(path)
            ? 'generated'
            : 'ok';
      if (this.verdicts.size > 200_000) this.verdicts.clear();
      this.verdicts.set(path, verdict);
    }
    return verdict;
  }

  classify(commit: CommitRecord): ClassifiedCommit {
    const exclusion = this.exclusionOf(commit);
    if (exclusion) return { ...commit, exclusion, statFiles: [] };
    return {
      ...commit,
      statFiles: commit.files.filter((file) => this.pathKind(file.path) === 'ok').map((file) => file.path),
    };
  }

  private exclusionOf(commit: CommitRecord): ExclusionReason | undefined {
    const options = this.options;
    if (options.excludeMerges && commit.parents.length > 1) return 'merge';
    if (commit.files.length === 0) return 'empty';
    const kinds = commit.files.map((file) => this.pathKind(file.path));
    const counted = kinds.filter((kind) => kind === 'ok').length;
    if (counted === 0) {
      if (kinds.includes('vendor')) return 'vendoring';
      if (kinds.every((kind) => kind === 'lockfile')) return 'lockfile-only';
      return 'generated-only';
    }
    // A commit that is mostly vendored code is an import, whatever else rode along.
    if (kinds.filter((kind) => kind === 'vendor').length > counted) return 'vendoring';
    if (counted > options.maxFilesPerCommit) return 'bulk';
    if (this.isFormattingSweep(commit)) return 'formatting';
    if (this.options.botAuthors.test(commit.author) || this.options.dependencyMessage.test(commit.subject.trim()))
      return 'dependency-update';
    if (this.options.releaseMessage.test(commit.subject.trim().replace(/^(chore|build|ci)(\([^)]*\))?!?:\s*/i, '')))
      return 'release';
    return undefined;
  }

  private isFormattingSweep(commit: CommitRecord): boolean {
    const files = commit.files;
    if (files.length >= this.options.formatSweepMinFiles && this.options.formatSweepMessage.test(commit.subject))
      return true;
    return files.length >= 20 && files.every((file) => !file.binary && file.added === file.deleted);
  }
}
