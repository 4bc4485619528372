import { UsageError } from './command';
import type { RepoConfigInput } from '../core/review/repoConfig';

/** A flag's value as a positive whole number; absent stays absent, anything else is a UsageError. */
export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new UsageError(`${flag} needs a positive whole number, got '${value}'`);
  return number;
}

/** A comma-separated flag (`--k 1,3,5`) as positive whole numbers; absent stays absent. */
export function positiveInts(value: string | undefined, flag: string): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((part) => {
    const number = Number(part.trim());
    if (!Number.isInteger(number) || number <= 0)
      throw new UsageError(`${flag} needs positive whole numbers, got '${part.trim()}'`);
    return number;
  });
}

/** The flags that set a repository's configuration (RepoConfig); each command declares those it takes. */
export const REPO_CONFIG_FLAGS = {
  'skills-folder': { type: 'string' },
  mirror: { type: 'string', multiple: true },
  max: { type: 'string' },
  'half-life': { type: 'string' },
} as const;

export interface RepoConfigFlagValues {
  'skills-folder'?: string;
  mirror?: string[];
  max?: string;
  'half-life'?: string;
}

/** The configuration the flags give, checked before anything is opened; what is absent takes the default. */
export function repoConfigInput(values: RepoConfigFlagValues): RepoConfigInput {
  return {
    skillsFolder: values['skills-folder'],
    mirrors: values.mirror,
    maxPending: positiveInt(values.max, '--max'),
    halfLifeCommits: positiveInt(values['half-life'], '--half-life'),
  };
}
