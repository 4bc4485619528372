import * as vscode from 'vscode';
import type { LibraryProblem, LoadedSkill } from '../../core/skills/library';
import type { SkillIssue } from '../../core/skills/validate';

export const DIAGNOSTIC_SOURCE = 'skillwright';

/** One issue as an editor diagnostic; core lines and columns are 1-based, VS Code's 0-based. */
export function issueDiagnostic(issue: SkillIssue): vscode.Diagnostic {
  const line = Math.max(0, issue.line - 1);
  const column = Math.max(0, (issue.column ?? 1) - 1);
  const range = new vscode.Range(line, column, line, issue.column === undefined ? Number.MAX_SAFE_INTEGER : column + 1);
  const severity = issue.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, issue.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = issue.rule;
  return diagnostic;
}

function problemDiagnostic(problem: LibraryProblem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(0, 0, 0, 0),
    problem.message,
    vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = problem.reason;
  return diagnostic;
}

/**
 * Replaces everything in the collection with the library's current problems, so a fixed skill's
 * diagnostics disappear. Returns how many problems were published.
 */
export function publishSkillDiagnostics(
  collection: vscode.DiagnosticCollection,
  skills: readonly LoadedSkill[],
  problems: readonly LibraryProblem[],
): number {
  const byFile = new Map<string, vscode.Diagnostic[]>();
  const add = (path: string, diagnostic: vscode.Diagnostic): void => {
    const list = byFile.get(path) ?? [];
    list.push(diagnostic);
    byFile.set(path, list);
  };
  for (const skill of skills) for (const issue of skill.issues) add(issue.file || skill.path, issueDiagnostic(issue));
  for (const problem of problems) add(problem.path, problemDiagnostic(problem));
  collection.clear();
  let count = 0;
  for (const [path, diagnostics] of byFile) {
    collection.set(vscode.Uri.file(path), diagnostics);
    count += diagnostics.length;
  }
  return count;
}
