import { META } from './provenance';
import { readSkillDocument, type SkillDocument } from './skillFile';

export type IssueSeverity = 'error' | 'warning';

/** One problem with a skill, positioned for `file:line:col` output and editor diagnostics. */
export interface SkillIssue {
  file: string;
  line: number;
  column?: number;
  severity: IssueSeverity;
  rule: string;
  message: string;
}

export const NAME_MAX = 64;
export const DESCRIPTION_MAX = 1024;
export const COMPATIBILITY_MAX = 500;
export const BODY_MAX_LINES = 500;
export const SPEC_KEYS: readonly string[] = [
  'name',
  'description',
  'license',
  'compatibility',
  'allowed-tools',
  'metadata',
];

export interface ValidateOptions {
  /** Path reported in issues. */
  file: string;
  /** The folder holding SKILL.md; the spec requires `name` to equal it. Omit to skip that rule. */
  folderName?: string;
}

/** Problems with a skill name alone, or [] when it is valid. Shared by accept and lint. */
export function nameProblems(name: string): { rule: string; message: string }[] {
  const problems: { rule: string; message: string }[] = [];
  if (name.length === 0) return [{ rule: 'name-empty', message: 'name must not be empty' }];
  if (name.length > NAME_MAX)
    problems.push({ rule: 'name-too-long', message: `name is ${name.length} characters; the limit is ${NAME_MAX}` });
  if (!/^[a-z0-9-]+$/.test(name))
    problems.push({
      rule: 'name-charset',
      message: `name '${name.slice(0, 80)}' may contain only lowercase letters a-z, digits and hyphens`,
    });
  if (name.startsWith('-') || name.endsWith('-'))
    problems.push({ rule: 'name-hyphen-edge', message: 'name must not start or end with a hyphen' });
  if (name.includes('--'))
    problems.push({ rule: 'name-double-hyphen', message: 'name must not contain consecutive hyphens' });
  return problems;
}

export function isValidSkillName(name: string): boolean {
  return nameProblems(name).length === 0;
}

/** Validates SKILL.md text against the Agent Skills spec. Never throws. */
export function validateSkillText(text: string, options: ValidateOptions): SkillIssue[] {
  const { doc, problems } = readSkillDocument(text);
  const issues: SkillIssue[] = problems.map((problem) => ({
    file: options.file,
    line: problem.line,
    column: problem.column,
    severity: 'error',
    rule: problem.rule ?? (doc.hasFrontmatter ? 'yaml-syntax' : 'frontmatter-missing'),
    message: problem.message,
  }));
  if (!doc.hasFrontmatter || issues.length > 0) return issues;
  return [...issues, ...validateSkillDocument(doc, options)];
}

export function validateSkillDocument(doc: SkillDocument, options: ValidateOptions): SkillIssue[] {
  const issues: SkillIssue[] = [];
  const fm = doc.frontmatter;
  const at = (key: readonly string[]): number => fm.lineOf(key);
  const add = (severity: IssueSeverity, rule: string, message: string, line: number): void => {
    issues.push({ file: options.file, line, severity, rule, message });
  };
  if (!fm.isMapping()) return issues;

  const name = fm.get(['name']);
  if (name === undefined || name === null)
    add('error', 'name-missing', 'required field `name` is missing', at(['name']));
  else if (typeof name !== 'string') add('error', 'name-type', '`name` must be a string', at(['name']));
  else {
    for (const problem of nameProblems(name)) add('error', problem.rule, problem.message, at(['name']));
    if (options.folderName !== undefined && name.normalize('NFKC') !== options.folderName.normalize('NFKC')) {
      add(
        'error',
        'name-folder-mismatch',
        `name '${name.slice(0, 80)}' must equal its folder name '${options.folderName}'`,
        at(['name']),
      );
    }
  }

  // Both spec fields are a non-blank string under a length limit; only their empty message differs.
  const checkBoundedText = (
    key: 'description' | 'compatibility',
    value: unknown,
    max: number,
    emptyMessage: string,
  ): void => {
    if (typeof value !== 'string') add('error', `${key}-type`, `\`${key}\` must be a string`, at([key]));
    else if (value.trim().length === 0) add('error', `${key}-empty`, emptyMessage, at([key]));
    else if (value.length > max)
      add('error', `${key}-too-long`, `${key} is ${value.length} characters; the limit is ${max}`, at([key]));
  };

  const description = fm.get(['description']);
  if (description === undefined || description === null)
    add('error', 'description-missing', 'required field `description` is missing', at(['description']));
  else checkBoundedText('description', description, DESCRIPTION_MAX, '`description` must not be empty');

  const license = fm.get(['license']);
  if (license !== undefined && typeof license !== 'string')
    add('error', 'license-type', '`license` must be a string', at(['license']));

  const compatibility = fm.get(['compatibility']);
  if (compatibility !== undefined)
    checkBoundedText(
      'compatibility',
      compatibility,
      COMPATIBILITY_MAX,
      '`compatibility`, when present, must not be empty',
    );

  const allowedTools = fm.get(['allowed-tools']);
  if (allowedTools !== undefined && typeof allowedTools !== 'string') {
    add(
      'error',
      'allowed-tools-type',
      '`allowed-tools` must be a space-delimited string of tool names',
      at(['allowed-tools']),
    );
  }

  const metadata = fm.get(['metadata']);
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      add('error', 'metadata-type', '`metadata` must be a map of string keys to string values', at(['metadata']));
    } else {
      for (const [key, value] of Object.entries(metadata)) {
        if (typeof value !== 'string')
          add(
            'error',
            'metadata-value-type',
            `metadata value '${key}' must be a string (quote it)`,
            at(['metadata', key]),
          );
      }
      const confidence = doc.metadata[META.confidence];
      if (confidence !== undefined && !(Number(confidence) >= 0 && Number(confidence) <= 1)) {
        add(
          'warning',
          'provenance-confidence',
          `${META.confidence} should be a number between 0 and 1`,
          at(['metadata', META.confidence]),
        );
      }
    }
  }

  for (const key of fm.keys()) {
    if (!SPEC_KEYS.includes(key))
      add(
        'warning',
        'unknown-field',
        `'${key.slice(0, 80)}' is not an Agent Skills field; agents may ignore it`,
        at([key]),
      );
  }

  const bodyLines = doc.body.replace(/\n+$/, '').split('\n').length;
  if (doc.body.trim().length === 0)
    add('warning', 'body-empty', 'the skill has no instructions after the frontmatter', doc.bodyLine);
  else if (bodyLines >= BODY_MAX_LINES)
    add(
      'warning',
      'body-too-long',
      `body is ${bodyLines} lines; keep it under ${BODY_MAX_LINES} and move detail to references/`,
      doc.bodyLine + BODY_MAX_LINES - 1,
    );
  return issues;
}
