import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadSkillFolder, loadSkillLibrary, type LibraryProblem, type LoadedSkill } from '../../core/skills/library';
import { assessSkill } from '../../core/skills/quarantine';
import { DEFAULT_SKILLS_FOLDER } from '../../core/skills/skillsFolder';
import { memoryTrustStore } from '../../core/skills/trustStore';
import type { SkillIssue } from '../../core/skills/validate';
import { type CliCommand, parseCommandArgs, UsageError } from '../command';
import { cliRepoRoot } from '../repoStore';

const USAGE = `Usage: skillwright lint [DIR] [--json]

Validates every skill under DIR (default: ${DEFAULT_SKILLS_FOLDER} of the current repository, or a
single skill folder) against the Agent Skills specification, and scans it for hostile content.
Prints one line per problem: file:line:col severity rule message. Exits 1 when any error is found;
every security finding is an error.`;

const PROBLEM_SEVERITY: Record<LibraryProblem['reason'], SkillIssue['severity']> = {
  unreadable: 'error',
  'no-skill-md': 'warning',
  'too-large': 'error',
  binary: 'error',
  'symlink-outside': 'warning',
  'not-a-file': 'warning',
};

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'validate skills against the Agent Skills spec and scan them for hostile content',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs({
      args,
      options: { json: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    if (parsed.positionals.length > 1) throw new UsageError('lint takes at most one folder');
    const dir = parsed.positionals[0]
      ? resolve(io.cwd, parsed.positionals[0])
      : resolve(await cliRepoRoot(io, undefined, { lenient: true }), DEFAULT_SKILLS_FOLDER);
    const issues = await lintFolder(dir);
    const errors = issues.filter((issue) => issue.severity === 'error').length;
    if (parsed.values.json) {
      io.stdout(`${JSON.stringify({ folder: dir, errors, warnings: issues.length - errors, issues }, null, 2)}\n`);
    } else {
      for (const issue of issues) {
        const file = relative(io.cwd, issue.file) || issue.file;
        io.stdout(`${file}:${issue.line}:${issue.column ?? 1} ${issue.severity} ${issue.rule} ${issue.message}\n`);
      }
      io.stderr(`${errors} error(s), ${issues.length - errors} warning(s) in ${dir}\n`);
    }
    return errors > 0 ? 1 : 0;
  },
};

/** Spec issues, load problems and scan findings for a skills folder or a single skill folder. */
export async function lintFolder(dir: string): Promise<SkillIssue[]> {
  const skills: LoadedSkill[] = [];
  const issues: SkillIssue[] = [];
  if (existsSync(resolve(dir, 'SKILL.md'))) {
    const one = await loadSkillFolder(dir);
    if ('reason' in one) issues.push(problemIssue(one));
    else skills.push(one);
  } else {
    if (!existsSync(dir))
      return [{ file: dir, line: 1, severity: 'error', rule: 'folder-missing', message: 'no such skills folder' }];
    const library = await loadSkillLibrary(dir);
    skills.push(...library.skills);
    issues.push(...library.problems.map(problemIssue));
  }
  for (const skill of skills) {
    issues.push(...skill.issues);
    // Lint has no trust store: it shows everything the scanner would hold back until trusted.
    for (const finding of assessSkill(skill, memoryTrustStore()).findings) {
      issues.push({
        file: resolve(skill.folderPath, finding.file),
        line: finding.line,
        // An error, so that CI can gate on it; the editor quarantines instead.
        severity: 'error',
        rule: `security/${finding.rule}`,
        message: `${finding.excerpt} (quarantined until trusted)`,
      });
    }
  }
  return issues.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

function problemIssue(problem: LibraryProblem): SkillIssue {
  return {
    file: problem.path,
    line: 1,
    severity: PROBLEM_SEVERITY[problem.reason],
    rule: problem.reason,
    message: problem.message,
  };
}
