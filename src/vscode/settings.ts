import * as vscode from 'vscode';
import { DEFAULT_MAX_PENDING } from '../core/candidates/reconcile';
import { DEFAULT_HALF_LIFE_COMMITS } from '../core/history/recency';
import { readRepoConfig, type RepoConfig } from '../core/review/repoConfig';

/**
 * Every setting Skillwright reads, read in one place and turned into plain data, so the rest of
 * the code never touches WorkspaceConfiguration. Keys are defined once here and in package.json.
 */
export const SETTING_SECTION = 'skillwright';

export type LlmProvider = 'none' | 'openai' | 'vscode';

export interface SkillwrightSettings {
  capture: {
    enabled: boolean;
    exclude: string[];
    outputCapBytes: number;
    maxFileBytes: number;
    sessionIdleMinutes: number;
  };
  transcripts: {
    agents: Record<'claudeCode' | 'codex' | 'geminiCli' | 'copilotChat' | 'cline' | 'roo', boolean>;
    extraLocations: string[];
  };
  skills: {
    folder: string;
    mirrors: string[];
    agentsMdIndex: boolean;
  };
  learn: {
    maxPending: number;
    autoAfterSessions: number;
    autoAfterCommits: number;
    halfLifeCommits: number;
  };
  llm: {
    provider: LlmProvider;
    baseUrl: string;
    model: string;
    vscodeModelFamily: string;
    maxConcurrency: number;
    maxTokensPerRun: number;
    idleMinutes: number;
  };
  gaps: { threshold: number };
  governance: { trustedAfterUses: number; unusedDays: number };
  retention: { maxAgeDays: number; maxSizeMB: number };
}

export function readSettings(scope?: vscode.ConfigurationScope): SkillwrightSettings {
  const config = vscode.workspace.getConfiguration(SETTING_SECTION, scope);
  const get = <T>(key: string, fallback: T): T => config.get<T>(key, fallback);
  return {
    capture: {
      enabled: get('capture.enabled', true),
      exclude: get<string[]>('capture.exclude', []),
      outputCapBytes: get('capture.outputCapBytes', 4096),
      maxFileBytes: get('capture.maxFileBytes', 1_000_000),
      sessionIdleMinutes: get('capture.sessionIdleMinutes', 10),
    },
    transcripts: {
      agents: {
        claudeCode: get('transcripts.claudeCode.enabled', true),
        codex: get('transcripts.codex.enabled', true),
        geminiCli: get('transcripts.geminiCli.enabled', true),
        copilotChat: get('transcripts.copilotChat.enabled', true),
        cline: get('transcripts.cline.enabled', true),
        roo: get('transcripts.roo.enabled', true),
      },
      extraLocations: get<string[]>('transcripts.extraLocations', []),
    },
    skills: {
      folder: get('skills.folder', '.agents/skills'),
      mirrors: get<string[]>('skills.mirrors', []),
      agentsMdIndex: get('skills.agentsMdIndex', false),
    },
    learn: {
      maxPending: get('learn.maxPending', DEFAULT_MAX_PENDING),
      autoAfterSessions: get('learn.autoAfterSessions', 5),
      autoAfterCommits: get('learn.autoAfterCommits', 20),
      halfLifeCommits: Math.max(20, get('learn.halfLifeCommits', DEFAULT_HALF_LIFE_COMMITS)),
    },
    llm: {
      provider: get<LlmProvider>('llm.provider', 'none'),
      baseUrl: get('llm.baseUrl', 'https://api.openai.com/v1'),
      model: get('llm.model', 'gpt-4o-mini'),
      vscodeModelFamily: get('llm.vscodeModelFamily', ''),
      maxConcurrency: get('llm.maxConcurrency', 2),
      maxTokensPerRun: get('llm.maxTokensPerRun', 200_000),
      idleMinutes: get('llm.idleMinutes', 5),
    },
    gaps: { threshold: get('gaps.threshold', 0.3) },
    governance: {
      trustedAfterUses: get('governance.trustedAfterUses', 5),
      unusedDays: get('governance.unusedDays', 28),
    },
    retention: {
      maxAgeDays: get('retention.maxAgeDays', 90),
      maxSizeMB: get('retention.maxSizeMB', 200),
    },
  };
}

/** The repository's configuration for learning and review, as the workspace settings give it. */
export function repoConfigFromSettings(root: string, settings: SkillwrightSettings): RepoConfig {
  return readRepoConfig(root, {
    skillsFolder: settings.skills.folder,
    mirrors: settings.skills.mirrors,
    maxPending: settings.learn.maxPending,
    halfLifeCommits: settings.learn.halfLifeCommits,
  });
}
