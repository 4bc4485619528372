import type { AssociationAnswer, AssociationEvidence, CoChangeIndex } from './cochangeIndex';
import { dirOf } from '../util/paths';
import { pathCloseness, type StructuralPriors } from './structuralPriors';

/**
 * The evidence the predictor weighs for one candidate file, given the files changed so far. Each
 * source alone is a known baseline (association rules, same folder, the test of a file, imports,
 * how often the file changes); the calibration learns how much each one is worth in this repo.
 */
export const FEATURE_NAMES = [
  'association confidence',
  'association evidence',
  'folder association',
  'same folder',
  'test partner',
  'import link',
  'path closeness',
  'change rate',
  'plain confidence',
  'query history',
  'confidence given history',
  'lift',
] as const;

export interface CandidateEvidence {
  path: string;
  features: number[];
  /** The largest-overlap transactions that contained the candidate, if any. */
  association?: AssociationEvidence;
  reasons: CandidateReason[];
}

export type CandidateReason =
  'changed-together' | 'same-folder' | 'test' | 'imports' | 'folder-changes-together' | 'often-changed';

export interface QueryContext {
  files: readonly string[];
  fileAnswer: AssociationAnswer;
  folderAnswer: AssociationAnswer;
}

export interface FeatureSources {
  files: CoChangeIndex;
  folders: CoChangeIndex;
  priors: StructuralPriors;
  /** Paths that exist (the tree at the split): nothing else is ever proposed. */
  exists(path: string): boolean;
  /** The files changed most often lately, so a query with no other evidence is still answered. */
  frequent: readonly string[];
  /** The folder's files that changed most often lately, at most n. */
  topFilesIn(folder: string, n: number): readonly string[];
}

/** Caps that keep a query to a few hundred candidates whatever the repository's size. */
const MAX_ASSOCIATED = 120;
const MAX_SIBLINGS = 40;
const MAX_PER_FOLDER = 8;
const MAX_FOLDERS = 4;

export function queryContext(sources: FeatureSources, files: readonly string[]): QueryContext {
  const ids = files.flatMap((file) => idList(sources.files, file));
  const folderIds = [...new Set(files.map(dirOf))].flatMap((folder) => idList(sources.folders, folder));
  return {
    files,
    fileAnswer: sources.files.associate(ids, MAX_ASSOCIATED),
    folderAnswer: sources.folders.associate(folderIds, 50),
  };
}

/** Every candidate worth scoring for the query, with its features; query files themselves are never candidates. */
export function candidatesFor(sources: FeatureSources, context: QueryContext): CandidateEvidence[] {
  const query = new Set(context.files);
  const found = new Map<string, CandidateEvidence>();
  const consider = (path: string, reason: CandidateReason, association?: AssociationEvidence): void => {
    if (query.has(path) || !sources.exists(path)) return;
    let entry = found.get(path);
    if (!entry) found.set(path, (entry = { path, features: [], reasons: [] }));
    if (association) entry.association = association;
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
  };
  for (const evidence of context.fileAnswer.consequents)
    consider(sources.files.pathOf(evidence.fileId), 'changed-together', evidence);
  for (const file of context.files) {
    for (const sibling of sources.topFilesIn(dirOf(file), MAX_SIBLINGS)) consider(sibling, 'same-folder');
    for (const partner of sources.priors.testPartners(file)) consider(partner, 'test');
    for (const linked of sources.priors.linked(file)) consider(linked, 'imports');
  }
  for (const folder of context.folderAnswer.consequents.slice(0, MAX_FOLDERS)) {
    const path = sources.folders.pathOf(folder.fileId);
    for (const file of sources.topFilesIn(path, MAX_PER_FOLDER)) consider(file, 'folder-changes-together');
  }
  for (const file of sources.frequent) consider(file, 'often-changed');
  const folderConfidence = new Map<string, number>();
  for (const folder of context.folderAnswer.consequents) {
    folderConfidence.set(
      sources.folders.pathOf(folder.fileId),
      context.folderAnswer.mass > 0 ? folder.weight / context.folderAnswer.mass : 0,
    );
  }
  const queryFolders = new Set(context.files.map(dirOf));
  for (const entry of found.values())
    entry.features = featuresOf(sources, context, entry, queryFolders, folderConfidence);
  return [...found.values()];
}

function featuresOf(
  sources: FeatureSources,
  context: QueryContext,
  entry: CandidateEvidence,
  queryFolders: ReadonlySet<string>,
  folderConfidence: ReadonlyMap<string, number>,
): number[] {
  const { mass, transactions } = context.fileAnswer;
  const together = entry.association?.weight ?? 0;
  const count = entry.association?.count ?? 0;
  const folder = dirOf(entry.path);
  const sameFolder = queryFolders.has(folder);
  const id = sources.files.idOf(entry.path);
  let closeness = 0;
  let test = 0;
  let imports = 0;
  for (const file of context.files) {
    closeness = Math.max(closeness, pathCloseness(file, entry.path));
    if (!test && sources.priors.isTestPartner(file, entry.path)) test = 1;
    if (!imports && sources.priors.linked(file).has(entry.path)) imports = 1;
  }
  const confidence = mass > 0 ? together / (mass + 0.5) : 0;
  const rate = id === undefined ? 0 : sources.files.changeRate(id);
  return [
    confidence,
    Math.log1p(together),
    sameFolder ? 0 : (folderConfidence.get(folder) ?? 0),
    sameFolder ? 1 : 0,
    test,
    imports,
    closeness,
    Math.log(rate + 1e-4),
    transactions > 0 ? count / transactions : 0,
    Math.log1p(mass),
    confidence * Math.log1p(mass),
    confidence > 0 ? Math.log(confidence / (rate + 1e-3)) : 0,
  ];
}

function idList(index: CoChangeIndex, path: string): number[] {
  const id = index.idOf(path);
  return id === undefined ? [] : [id];
}
