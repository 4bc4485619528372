/**
 * The co-change model's memory: every usable commit as a transaction of file ids with a recency
 * weight, and an inverted index from file to the transactions that changed it. Queries follow
 * TARMAQ (Rolfsnes et al., "Generalizing the analysis of evolutionary coupling"): only the
 * transactions sharing the largest number of files with the query speak, so a query of three
 * files is answered by the commits that changed all three when there are any.
 */

export interface CoChangeTransaction {
  hash: string;
  subject: string;
  /** Epoch ms. */
  commitDate: number;
  /** Today's paths. */
  files: readonly string[];
  /** Counted commits newer than this one when the index was built (0 for the newest). */
  age: number;
}

/** What the largest-overlap transactions say about one file outside the query. */
export interface AssociationEvidence {
  fileId: number;
  /** Recency-weighted transactions containing the file. */
  weight: number;
  /** Plain count of those transactions. */
  count: number;
  /** The newest of them (an index into the transactions). */
  newest: number;
  /** The oldest of them. */
  oldest: number;
}

export interface AssociationAnswer {
  /** Files the best transactions shared with the query. */
  overlap: number;
  /** Recency-weighted number of those transactions: the denominator of each confidence. */
  mass: number;
  /** Plain number of those transactions. */
  transactions: number;
  consequents: AssociationEvidence[];
}

export interface CoChangeIndexOptions {
  /** Commits per halving of weight. */
  halfLife: number;
  /** Commits with more files pair everything with everything and are left out. @default 30 */
  maxFilesPerCommit?: number;
}

export class CoChangeIndex {
  readonly paths: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly postings: number[][] = [];
  /** Per file: recency-weighted number of transactions that changed it. */
  private fileWeights: number[] = [];
  private readonly transactionFiles: Int32Array[] = [];
  private readonly transactionAges: number[] = [];
  readonly transactions: Omit<CoChangeTransaction, 'files' | 'age'>[] = [];
  private weights: Float64Array = new Float64Array(0);
  private totalWeight = 0;
  private overlapScratch = new Int32Array(0);
  readonly halfLife: number;
  readonly maxFilesPerCommit: number;

  constructor(options: CoChangeIndexOptions) {
    this.halfLife = options.halfLife;
    this.maxFilesPerCommit = options.maxFilesPerCommit ?? 30;
  }

  /** Adds transactions in any order; each keeps the age it was given. Returns how many were usable. */
  addAll(transactions: Iterable<CoChangeTransaction>): number {
    // Postings stay oldest first, so a query reads a busy file's newest commits from the end.
    return this.advance(
      0,
      [...transactions].sort((a, b) => b.age - a.age),
    );
  }

  /**
   * Newer commits arrived: every transaction already held ages by `commits`, then the new ones
   * join with their own ages (0 for the newest), given oldest first. Weights are recomputed once.
   */
  advance(commits: number, transactions: Iterable<CoChangeTransaction>): number {
    if (commits > 0)
      for (let i = 0; i < this.transactionAges.length; i++)
        this.transactionAges[i] = (this.transactionAges[i] as number) + commits;
    let added = 0;
    for (const transaction of transactions) if (this.add(transaction)) added++;
    this.reweigh();
    return added;
  }

  /** A file renamed after the index was built: its history carries over to the new name. */
  rename(from: string, to: string): void {
    const id = this.ids.get(from);
    if (id === undefined || from === to) return;
    const existing = this.ids.get(to);
    this.ids.delete(from);
    if (existing === undefined) {
      this.ids.set(to, id);
      this.paths[id] = to;
      return;
    }
    // Both names have a history (the new name was reused): keep both under the new name's id.
    for (const transaction of this.postings[id] ?? []) {
      const files = this.transactionFiles[transaction] as Int32Array;
      if (files.includes(existing)) continue;
      this.transactionFiles[transaction] = Int32Array.from(files, (file) => (file === id ? existing : file));
      (this.postings[existing] as number[]).push(transaction);
    }
    (this.postings[existing] as number[]).sort((a, b) => a - b);
    this.postings[id] = [];
    this.paths[id] = '';
    this.reweigh();
  }

  /** A file deleted after the index was built: it is never predicted again. */
  remove(path: string): void {
    const id = this.ids.get(path);
    if (id === undefined) return;
    this.ids.delete(path);
    this.paths[id] = '';
  }

  idOf(path: string): number | undefined {
    return this.ids.get(path);
  }

  pathOf(id: number): string {
    return this.paths[id] ?? '';
  }

  get fileCount(): number {
    return this.ids.size;
  }

  get transactionCount(): number {
    return this.transactions.length;
  }

  /** Recency-weighted share of transactions that changed the file: its prior rate of change. */
  changeRate(id: number): number {
    return this.totalWeight > 0 ? (this.fileWeights[id] ?? 0) / this.totalWeight : 0;
  }

  /** Recency-weighted number of transactions that changed the file. */
  fileWeight(id: number): number {
    return this.fileWeights[id] ?? 0;
  }

  weightOf(transaction: number): number {
    return this.weights[transaction] ?? 0;
  }

  filesOf(transaction: number): Int32Array {
    return this.transactionFiles[transaction] ?? new Int32Array(0);
  }

  /**
   * The largest-overlap association for a set of files (unknown files are ignored). A file that
   * changed in thousands of commits is read through its newest `maxPostings` only: older ones
   * weigh little, and a query must stay within a few milliseconds.
   */
  associate(queryIds: readonly number[], maxConsequents = 200, maxPostings = 400): AssociationAnswer {
    const overlap = this.overlapScratch;
    const touched: number[] = [];
    const query = new Set(queryIds);
    for (const id of query) {
      const postings = this.postings[id] ?? [];
      for (let at = postings.length - 1, read = 0; at >= 0 && read < maxPostings; at--, read++) {
        const transaction = postings[at] as number;
        if (overlap[transaction] === 0) touched.push(transaction);
        overlap[transaction] = (overlap[transaction] as number) + 1;
      }
    }
    let best = 0;
    for (const transaction of touched)
      if ((overlap[transaction] as number) > best) best = overlap[transaction] as number;
    const evidence = new Map<number, AssociationEvidence>();
    let mass = 0;
    let count = 0;
    for (const transaction of touched) {
      const shared = overlap[transaction] as number;
      overlap[transaction] = 0;
      if (shared !== best) continue;
      const weight = this.weights[transaction] as number;
      mass += weight;
      count++;
      for (const file of this.transactionFiles[transaction] as Int32Array) {
        if (query.has(file) || !this.paths[file]) continue;
        const entry = evidence.get(file);
        if (!entry) evidence.set(file, { fileId: file, weight, count: 1, newest: transaction, oldest: transaction });
        else {
          entry.weight += weight;
          entry.count++;
          if (this.isNewer(transaction, entry.newest)) entry.newest = transaction;
          if (this.isNewer(entry.oldest, transaction)) entry.oldest = transaction;
        }
      }
    }
    const consequents = [...evidence.values()]
      .sort((a, b) => b.weight - a.weight || b.count - a.count)
      .slice(0, maxConsequents);
    return { overlap: best, mass, transactions: count, consequents };
  }

  private isNewer(a: number, b: number): boolean {
    return (this.transactionAges[a] as number) < (this.transactionAges[b] as number);
  }

  private add(transaction: CoChangeTransaction): boolean {
    const unique = [...new Set(transaction.files)];
    if (unique.length === 0 || unique.length > this.maxFilesPerCommit) return false;
    const at = this.transactions.length;
    const ids = unique.map((path) => this.internPath(path));
    this.transactionFiles.push(Int32Array.from(ids));
    this.transactionAges.push(transaction.age);
    this.transactions.push({
      hash: transaction.hash,
      subject: transaction.subject,
      commitDate: transaction.commitDate,
    });
    for (const id of ids) (this.postings[id] as number[]).push(at);
    return true;
  }

  /** Recomputes weights after adds or aging: cheap (one pass), and keeps queries free of pow(). */
  private reweigh(): void {
    const count = this.transactions.length;
    this.weights = new Float64Array(count);
    this.fileWeights = new Array<number>(this.paths.length).fill(0);
    this.totalWeight = 0;
    for (let i = 0; i < count; i++) {
      const weight = this.halfLife > 0 ? Math.pow(2, -(this.transactionAges[i] as number) / this.halfLife) : 1;
      this.weights[i] = weight;
      this.totalWeight += weight;
      for (const file of this.transactionFiles[i] as Int32Array)
        this.fileWeights[file] = (this.fileWeights[file] ?? 0) + weight;
    }
    if (this.overlapScratch.length < count)
      this.overlapScratch = new Int32Array(Math.max(count, this.overlapScratch.length * 2));
  }

  private internPath(path: string): number {
    let id = this.ids.get(path);
    if (id === undefined) {
      id = this.paths.length;
      this.ids.set(path, id);
      this.paths.push(path);
      this.postings.push([]);
    }
    return id;
  }
}
