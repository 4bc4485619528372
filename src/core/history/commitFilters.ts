import { globMatcher, type PathMatcher } from '../util/glob';
import type { ClassifiedCommit, CommitRecord, ExclusionReason } from './commitRecord';

/**
 * Which commits and files are kept out of the statistics, so that sweeps and machine output do
 * not drown the regularities people actually follow. Evaluation applies the same rules.
 *
 * | rule            | option                        | default                                   | effect                                   |
 * |-----------------|-------------------------------|-------------------------------------------|------------------------------------------|
 * | merges          | excludeMerges                 | true                                      | commits with ≥ 2 parents are skipped     |
 * | bulk            | maxFilesPerCommit             | 50                                        | more counted files than this: skipped    |
 * | vendoring       | vendorGlobs                   | vendor/, third_party/, node_modules/, …   | files dropped; vendor-only commit skipped|
 * | generated       | generatedGlobs                | dist/, build/, *.min.js, *.snap, *.map, … | files dropped; generated-only skipped    |
 * | lockfiles       | lockfileGlobs                 | package-lock.json, yarn.lock, go.sum, …   | files dropped; lockfile-only skipped     |
 * | formatting sweep| formatSweepMinFiles, Message  | 8 files, /format|prettier|lint fix|…/     | skipped when both hold, or when ≥ 20     |
 * |                 |                               |                                           | files all have added == deleted          |
 * | release         | releaseMessage (after an      | /^(release|bump version|v?1.2.3)/         | version bumps are skipped: they pair     |
 * |                 | optional `chore(x):` prefix)  |                                           | manifests with changelogs mechanically   |
 * | dependency bumps| botAuthors, dependencyMessage | /[bot]|renovate|dependabot/, /^(chore\(deps\)| | automated or routine version bumps are   |
 * |                 |                               |   update x to v1|bump x from … to …)/     | skipped: they pair manifests with tests  |
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

export const DEFAULT_COMMIT_FILTERS: CommitFilterOptions = {
  excludeMerges: true,
  maxFilesPerCommit: 50,
  vendorGlobs: ['**/vendor/**', '**/third_party/**', '**/third-party/**', '**/node_modules/**', '**/bower_components/**'],
  generatedGlobs: [
    'dist/**', 'build/**', 'out/**', '**/*.min.js', '**/*.min.css', '**/*.map', '**/*.snap',
    '**/__snapshots__/**', '**/*.generated.*', '**/*.pb.go', '**/*_pb2.py', 'coverage/**',
  ],
  lockfileGlobs: [
    '**/package-lock.json', '**/npm-shrinkwrap.json', '**/yarn.lock', '**/pnpm-lock.yaml', '**/bun.lockb',
    '**/Cargo.lock', '**/poetry.lock', '**/Pipfile.lock', '**/uv.lock', '**/go.sum', '**/Gemfile.lock',
    '**/composer.lock', '**/mix.lock', '**/pubspec.lock', '**/Podfile.lock',
  ],
  formatSweepMinFiles: 8,
  releaseMessage: /^(release\b|releasing\b|bump(ed)? (the )?version|build new version|prepare (for )?release|\[release\]|v?\d+\.\d+\.\d+\b)/i,
  botAuthors: /\[bot\]|\brenovate\b|\bdependabot\b|\bgreenkeeper\b|\bsnyk-bot\b/i,
  dependencyMessage: /^((chore|build|fix|ci)\((deps|deps-dev|dependencies)\)!?:|update (dependency|dependencies|devdependencies|github actions)\b|update \S+( \S+)? to v?\d|bump \S+ from \S+ to |upgrade \S+( \S+)? to v?\d)/i,
  formatSweepMessage: /\b(format(ting)?|reformat|prettier|lint[ -]?fix(es)?|fix lint|eslint --fix|black|gofmt|rustfmt|clang-format|whitespace|code style)\b/i,
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
      verdict = this.vendor(path) ? 'vendor' : this.lockfile(path) ? 'lockfile' : this.generated(path) ? 'generated' : 'ok';
      if (this.verdicts.size > 200_000) this.verdicts.clear();
      this.verdicts.set(path, verdict);
    }
    return verdict;
  }

  classify(commit: CommitRecord): ClassifiedCommit {
    const exclusion = this.exclusionOf(commit);
    if (exclusion) return { ...commit, exclusion, statFiles: [] };
    return { ...commit, statFiles: commit.files.filter((file) => this.pathKind(file.path) === 'ok').map((file) => file.path) };
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
    if (this.options.botAuthors.test(commit.author) || this.options.dependencyMessage.test(commit.subject.trim())) return 'dependency-update';
    if (this.options.releaseMessage.test(commit.subject.trim().replace(/^(chore|build|ci)(\([^)]*\))?!?:\s*/i, ''))) return 'release';
    return undefined;
  }

  private isFormattingSweep(commit: CommitRecord): boolean {
    const files = commit.files;
    if (files.length >= this.options.formatSweepMinFiles && this.options.formatSweepMessage.test(commit.subject)) return true;
    return files.length >= 20 && files.every((file) => !file.binary && file.added === file.deleted);
  }
}
