import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { createDeliveryLibrary, type DeliveryLibrary } from '../../core/delivery/deliveryLibrary';
import { searchSkills, type SearchSkillsResult } from '../../core/delivery/searchSkills';
import type { DeliveryChannel } from '../../core/governance/usageRepository';
import { deleteSkill } from '../../core/skills/accept';
import { recoverInterruptedWrites } from '../../core/skills/atomicFolder';
import { skillsFolderFingerprint } from '../../core/skills/folderFingerprint';
import { libraryWritePaths } from '../../core/skills/ownedPaths';
import type { OwnWrites } from '../../core/capture/ownWrites';
import { type DeliveryState, refreshSkillDelivery } from '../../core/delivery/skillDelivery';
import type { LoadedSkill } from '../../core/skills/library';
import { trustSkill } from '../../core/skills/quarantine';
import { memoryTrustStore, type TrustStore } from '../../core/skills/trustStore';
import { readSettings, SETTING_SECTION, type SkillwrightSettings } from '../settings';
import type { SkillRow } from '../views/viewModels';
import { DriftReviewer } from '../../core/governance/driftReviewer';
import type { DriftFinding } from '../../core/governance/libraryDrift';
import { GitAuthors } from '../../core/skills/gitAuthors';
import { deliverySkills, recordDeliveries } from '../../core/delivery/deliverySkills';
import { logDeliveryState } from './libraryDelivery';
import { publishSkillDiagnostics } from './skillDiagnostics';
import {
  governanceFacts,
  type LibraryGovernance,
  type SkillGovernanceFacts,
} from '../../core/governance/skillGovernance';
import { problemRow, skillRow } from './skillRows';
import { SkillsFolderWatch } from './skillsFolderWatch';
import { Disposable } from '../lifecycle';
import { errorMessage } from '../../core/util/errorMessage';
import { runLogged } from '../userMessages';

export interface LibraryServiceOptions {
  /** The primary workspace folder (repository root). */
  folder: vscode.WorkspaceFolder;
  log: vscode.LogOutputChannel;
  /** The store's trust decisions; undefined until the store opens, when every flagged skill stays quarantined. */
  trustStore: () => TrustStore | undefined;
  /** Governance over the store (see governanceFromDb); undefined until the store opens. */
  usage?: () => LibraryGovernance | undefined;
  /** Fires when the store opens or changes, so trust and usage are read again. */
  onDidChangeStore?: vscode.Event<void>;
  /** The agent session in progress, so a delivery can later be labelled with its outcome. */
  currentSessionId?: () => string | undefined;
  /** Where the library's own writes are announced, so capture does not record them. */
  ownWrites: OwnWrites;
}

export interface LibrarySearchOptions {
  /** Record the delivered skills under this channel; false records nothing. @default 'lm-tool' */
  record?: DeliveryChannel | false;
}

const SETTINGS_THAT_RELOAD = ['skills', 'governance', 'gaps'].map((area) => `${SETTING_SECTION}.${area}`);

/**
 * The workspace skill library as the extension sees it: loaded from the skills folder, reloaded
 * when files change there (a `git pull`, a hand edit), scanned, delivered to mirrors and AGENTS.md
 * in trusted workspaces only, and shaped into rows for the Library view.
 */
export class LibraryService extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange: vscode.Event<void> = this.changeEmitter.event;

  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('skillwright'));
  /** Trust granted before the store opened lives here for the session. */
  private readonly fallbackTrust = memoryTrustStore();
  private readonly gitAuthors: GitAuthors;
  private readonly driftReviewer: DriftReviewer;
  private readonly folderWatch: SkillsFolderWatch;
  private queued: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lintPublished = false;
  private gitWarned = false;
  /** The skills folder as it was when the current state was read from it. */
  private loadedFingerprint: string | undefined;

  private settings: SkillwrightSettings = readSettings();
  private state: DeliveryState | undefined;
  private delivery: DeliveryLibrary = createDeliveryLibrary([]);
  private facts = new Map<string, SkillGovernanceFacts>();

  constructor(private readonly options: LibraryServiceOptions) {
    super();
    this.gitAuthors = new GitAuthors(
      this.root,
      () => this.fire(),
      (message) => this.gitFailed(message),
    );
    this.folderWatch = this._register(
      new SkillsFolderWatch({
        folder: options.folder,
        log: options.log,
        reload: () => void this.reload(),
        reloadQueued: () => this.queued !== undefined,
        loadedFingerprint: () => this.loadedFingerprint,
        guard: (context, action) => this.guard(context, action),
      }),
    );
    this.driftReviewer = new DriftReviewer(
      this.root,
      () => this.fire(),
      (message) => this.options.log.error(message),
    );
  }

  private get ownWrites(): OwnWrites {
    return this.options.ownWrites;
  }

  private get root(): string {
    return this.options.folder.uri.fsPath;
  }

  /** Absolute path of the canonical skills folder. */
  get skillsFolder(): string {
    return resolve(this.root, this.settings.skills.folder);
  }

  async start(): Promise<void> {
    this.settings = readSettings(this.options.folder.uri);
    this.watch();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!SETTINGS_THAT_RELOAD.some((section) => event.affectsConfiguration(section, this.options.folder.uri)))
          return;
        this.guard('settings change', () => {
          this.settings = readSettings(this.options.folder.uri);
          this.watch();
          this.scheduleReload();
        });
      }),
    );
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(() =>
        this.guard('workspace trust granted', () => this.scheduleReload()),
      ),
    );
    if (this.options.onDidChangeStore)
      this._register(this.options.onDidChangeStore(() => this.guard('store change', () => this.scheduleReload())));
    // A write interrupted by a crash is repaired once, before anything else can be writing.
    if (vscode.workspace.isTrusted)
      await recoverInterruptedWrites(this.skillsFolder).catch((error: unknown) =>
        this.options.log.warn(`Recovering interrupted skill writes failed: ${errorMessage(error)}`),
      );
    await this.reload();
    this.folderWatch.startCatchUp();
  }

  /** Reloads now; concurrent requests share one queued reload, which sees every change before it. */
  reload(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.chain.then(() => {
      this.queued = undefined;
      return this.reloadNow();
    });
    this.queued = next;
    this.chain = next.catch(() => undefined);
    return next;
  }

  skills(): LoadedSkill[] {
    return this.state?.library.skills ?? [];
  }

  rows(): SkillRow[] {
    const state = this.state;
    if (!state) return [];
    const trusted = vscode.workspace.isTrusted;
    const localUser = trusted ? this.gitAuthors.localUser() : undefined;
    const rows = state.library.skills.map((skill) =>
      skillRow({
        skill,
        safety: state.safety.get(skill.folderName),
        facts: this.facts.get(skill.folderName) ?? { uses: 0, tier: 'accepted' },
        authorship: trusted ? this.gitAuthors.lookup(skill.folderPath, skill.folderHash) : 'restricted',
        localUser,
        flaggedForReview: this.driftReviewer.reasonsFor(skill.folderName),
      }),
    );
    return [...rows, ...state.library.problems.map(problemRow)];
  }

  quarantinedNames(): string[] {
    return [...(this.state?.quarantined ?? [])].sort();
  }

  /** The user's "Trust this skill" for its current content; recorded in the store when it is open. */
  async trust(name: string): Promise<void> {
    const skill = this.find(name);
    const store = this.options.trustStore();
    if (!store)
      this.options.log.warn(
        `Trusting skill '${name}' for this session only: the store is not open yet, so the decision is not saved.`,
      );
    trustSkill(skill, store ?? this.fallbackTrust, Date.now(), 'user');
    this.options.log.info(`Skill '${name}' trusted by the user (folder hash ${skill.folderHash.slice(0, 12)}).`);
    await this.reload();
  }

  /** Deletes the skill folder and Skillwright's mirror copies of it. The caller confirms first. */
  async delete(name: string): Promise<void> {
    const skill = this.find(name);
    const trusted = vscode.workspace.isTrusted;
    // Refreshing mirrors is delivery, which Restricted Mode withholds.
    const mirrors = trusted ? this.settings.skills.mirrors : [];
    const result = await this.ownWrites.around(libraryWritePaths(this.root, this.skillsFolder, mirrors), () =>
      deleteSkill(skill.folderName, {
        skillsFolder: this.skillsFolder,
        mirrors,
        root: this.root,
        quarantined: this.state?.quarantined ?? new Set(),
      }),
    );
    const mirrorsRemoved = result.mirrors ? `; mirror copies removed: ${result.mirrors.removed.length}` : '';
    this.options.log.info(`Skill '${name}' ${result.removed ? 'deleted' : 'was not found on disk'}${mirrorsRemoved}.`);
    await this.reload();
  }

  /**
   * Drift review of the library now, after any review in progress, with usage read afresh; the
   * rows show its findings too. Empty until the library is loaded and the store is open.
   */
  async reviewDrift(): Promise<Map<string, DriftFinding>> {
    const state = this.state;
    if (!state || !this.governance()) return new Map();
    return this.driftReviewer.reviewNow({
      skills: state.library.skills,
      facts: this.readFacts(state),
      unusedDays: this.settings.governance.unusedDays,
    });
  }

  /** Publishes every lint issue as a diagnostic on its SKILL.md; kept current on later reloads. */
  lintAll(): number {
    this.lintPublished = true;
    return publishSkillDiagnostics(this.diagnostics, this.skills(), this.state?.library.problems ?? []);
  }

  /** The best skills for a task, quarantined and invalid ones never included. */
  search(task: string, files: readonly string[] = [], k = 3, options: LibrarySearchOptions = {}): SearchSkillsResult {
    const result = searchSkills(this.delivery, task, files, k, { threshold: this.settings.gaps.threshold });
    const channel = options.record ?? 'lm-tool';
    if (channel === false || !vscode.workspace.isTrusted || result.results.length === 0) return result;
    try {
      const governance = this.governance();
      if (governance)
        recordDeliveries(governance, result, this.skills(), {
          channel,
          sessionId: this.options.currentSessionId?.(),
          ts: Date.now(),
        });
    } catch (error) {
      this.options.log.error(`Recording skill usage failed: ${errorMessage(error)}`);
    }
    return result;
  }

  override dispose(): void {
    super.dispose();
    this.gitAuthors.dispose();
    this.driftReviewer.dispose();
  }

  private find(name: string): LoadedSkill {
    const skill =
      this.skills().find((candidate) => candidate.folderName === name) ??
      this.skills().find((candidate) => candidate.doc.name === name);
    if (!skill) throw new Error(`No skill named '${name}' in ${this.settings.skills.folder}.`);
    return skill;
  }

  private watch(): void {
    this.folderWatch.follow(this.settings.skills.folder, this.skillsFolder);
  }

  private scheduleReload(): void {
    this.folderWatch.schedule();
  }

  /** Never throws: a failed reload keeps the last good state and says why in the log. */
  private async reloadNow(): Promise<void> {
    try {
      await this.loadAndDeliver();
    } catch (error) {
      this.options.log.error(`Reloading the skill library from ${this.skillsFolder} failed: ${errorMessage(error)}`);
    }
  }

  private async loadAndDeliver(): Promise<void> {
    if (this.disposed) return;
    // Taken before reading, so a change made while loading shows as a difference next time.
    const fingerprint = await skillsFolderFingerprint(this.skillsFolder);
    // The one mirror sync after an accept in the editor: ReviewService leaves the mirrors to this reload.
    const deliver = vscode.workspace.isTrusted;
    const trust = this.options.trustStore() ?? this.fallbackTrust;
    const options = {
      root: this.root,
      skillsFolder: this.settings.skills.folder,
      mirrors: this.settings.skills.mirrors,
      agentsMd: this.settings.skills.agentsMdIndex,
      trust,
      deliver,
      // start() has already recovered; a watcher reload must not race an accept's temp folder.
      recover: false,
    };
    let state: DeliveryState;
    // Delivery writes mirrors and AGENTS.md, never the skills folder itself.
    const written = libraryWritePaths(this.root, this.skillsFolder, options.mirrors).filter(
      (path) => path !== this.skillsFolder,
    );
    try {
      state = await this.ownWrites.around(written, () => refreshSkillDelivery(options));
    } catch (error) {
      this.options.log.error(
        `Delivering skills from ${this.skillsFolder} failed (mirrors or AGENTS.md): ${errorMessage(error)}; ` +
          `listing them without delivery.`,
      );
      try {
        state = await refreshSkillDelivery({ ...options, deliver: false });
      } catch (inner) {
        this.options.log.error(`Loading skills from ${this.skillsFolder} failed: ${errorMessage(inner)}`);
        // Not retried every few seconds: the next change to the folder tries again.
        this.loadedFingerprint = fingerprint;
        return;
      }
    }
    if (this.disposed) return;
    logDeliveryState(this.options.log, state, this.skillsFolder, this.state?.quarantined ?? new Set());
    this.state = state;
    this.loadedFingerprint = fingerprint;
    this.facts = this.readFacts(state);
    this.delivery = createDeliveryLibrary(deliverySkills(state, this.facts));
    if (deliver) this.gitAuthors.invalidateUncommitted();
    if (this.lintPublished) this.lintAll();
    this.fire();
    if (deliver && this.governance())
      this.driftReviewer.request({
        skills: state.library.skills,
        facts: this.facts,
        unusedDays: this.settings.governance.unusedDays,
      });
  }

  private readFacts(state: DeliveryState): Map<string, SkillGovernanceFacts> {
    const facts = new Map<string, SkillGovernanceFacts>();
    const governance = this.governance();
    for (const skill of state.library.skills) {
      const quarantined = state.quarantined.has(skill.folderName);
      try {
        facts.set(
          skill.folderName,
          governanceFacts(skill, quarantined, governance, this.settings.governance.trustedAfterUses),
        );
      } catch (error) {
        this.options.log.error(`Reading usage of skill '${skill.folderName}' failed: ${errorMessage(error)}`);
        facts.set(
          skill.folderName,
          governanceFacts(skill, quarantined, undefined, this.settings.governance.trustedAfterUses),
        );
      }
    }
    return facts;
  }

  private governance(): LibraryGovernance | undefined {
    try {
      return this.options.usage?.();
    } catch (error) {
      this.options.log.error(`Reading skill governance failed: ${errorMessage(error)}`);
      return undefined;
    }
  }

  private gitFailed(message: string): void {
    if (this.gitWarned) this.options.log.debug(message);
    else this.options.log.warn(`${message} (skill authors are shown as "not committed yet")`);
    this.gitWarned = true;
  }

  private fire(): void {
    if (!this.disposed) this.changeEmitter.fire();
  }

  /** Event callbacks must never throw into VS Code; the log says what failed and where. */
  private guard(context: string, action: () => void): void {
    runLogged(this.options.log, `Skill library (${context})`, action);
  }
}
