import type { ToolKind, TranscriptStep } from '../model/events';
import { unifiedDiff } from '../diff/unifiedDiff';
import { clipInput } from './clipInput';
import { asArray, asRecord, asString, type JsonRecord } from './json';

/**
 * Tool names of every supported agent, lower-cased, mapped onto the common kinds. Unknown names
 * fall back to a guess from the name's words, then to 'other'.
 */
const KNOWN: Record<string, ToolKind> = {
  bash: 'run-command',
  shell: 'run-command',
  exec_command: 'run-command',
  local_shell: 'run-command',
  run_shell_command: 'run-command',
  run_in_terminal: 'run-command',
  execute_command: 'run-command',
  container_exec: 'run-command',
  bashoutput: 'other',
  killshell: 'other',
  write_stdin: 'other',
  read: 'read',
  read_file: 'read',
  read_many_files: 'read',
  view: 'read',
  notebookread: 'read',
  readfile: 'read',
  copilot_readfile: 'read',
  get_file: 'read',
  list_files: 'search',
  ls: 'search',
  list_directory: 'search',
  list_dir: 'search',
  listfiles: 'search',
  edit: 'edit',
  multiedit: 'edit',
  notebookedit: 'edit',
  replace: 'edit',
  apply_patch: 'edit',
  replace_in_file: 'edit',
  apply_diff: 'edit',
  insert_content: 'edit',
  search_and_replace: 'edit',
  replace_string_in_file: 'edit',
  multi_replace_string_in_file: 'edit',
  insert_edit_into_file: 'edit',
  editfile: 'edit',
  editedexistingfile: 'edit',
  applieddiff: 'edit',
  write: 'write',
  write_file: 'write',
  write_to_file: 'write',
  create_file: 'write',
  newfilecreated: 'write',
  grep: 'search',
  glob: 'search',
  search_file_content: 'search',
  search_files: 'search',
  find_files: 'search',
  grep_search: 'search',
  file_search: 'search',
  semantic_search: 'search',
  codebase_search: 'search',
  web_search: 'search',
  google_web_search: 'search',
  websearch: 'search',
  list_code_definition_names: 'search',
};

export function toolKindOf(rawName: string): ToolKind {
  const name = rawName.toLowerCase();
  const known = KNOWN[name] ?? KNOWN[name.replace(/^(mcp__|copilot_)/, '')];
  if (known) return known;
  if (/(^|_)(run|exec|terminal|shell|command)(_|$)/.test(name)) return 'run-command';
  if (/(write|create)/.test(name)) return 'write';
  if (/(edit|replace|patch|insert)/.test(name)) return 'edit';
  if (/(grep|search|find|glob|list)/.test(name)) return 'search';
  if (/read/.test(name)) return 'read';
  return 'other';
}

/** The first string field among names, looked up in a tool's input object. */
export function pickString(input: JsonRecord | undefined, ...names: string[]): string | undefined {
  if (!input) return undefined;
  for (const name of names) {
    const value = asString(input[name]);
    if (value) return value;
  }
  return undefined;
}

/** A command given as a string or an argv array; `bash -lc "<cmd>"` is unwrapped to `<cmd>`. */
export function commandLineOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const argv = asArray(value).filter((part): part is string => typeof part === 'string');
  if (argv.length === 0) return undefined;
  if (argv.length === 3 && /(^|\/)(ba|z|)sh$/.test(argv[0] ?? '') && /^-l?c$/.test(argv[1] ?? '')) return argv[2];
  return argv.map((part) => (/[\s"'$]/.test(part) ? JSON.stringify(part) : part)).join(' ');
}

export interface ToolFacts {
  summary: string;
  path?: string;
  diff?: string;
}

/** The step for a tool call named rawName whose input has one of the common shapes below. */
export function toolCallStep(
  callId: string,
  rawName: string,
  input: unknown,
): Extract<TranscriptStep, { kind: 'tool-call' }> {
  const tool = toolKindOf(rawName);
  return { kind: 'tool-call', callId, tool, rawName, ...toolFacts(tool, rawName, input), input: clipInput(input) };
}

/** Summary, path and diff for the common input shapes (file_path/path, old/new strings, content). */
export function toolFacts(kind: ToolKind, rawName: string, inputValue: unknown): ToolFacts {
  const input = asRecord(inputValue);
  const path = pickString(
    input,
    'file_path',
    'filePath',
    'absolute_path',
    'path',
    'notebook_path',
    'target_file',
    'uri',
  );
  if (kind === 'run-command') {
    const command =
      commandLineOf(input?.command) ?? commandLineOf(input?.cmd) ?? pickString(input, 'commandLine') ?? '';
    return { summary: command };
  }
  if (kind === 'search') {
    const query = pickString(input, 'pattern', 'query', 'regex', 'glob', 'include') ?? path ?? '';
    return path ? { summary: query, path } : { summary: query };
  }
  if (kind === 'edit' || kind === 'write') {
    const facts: ToolFacts = { summary: path ?? rawName };
    if (path) facts.path = path;
    const diff = editDiff(path ?? rawName, input);
    if (diff) facts.diff = diff;
    return facts;
  }
  if (kind === 'read') return path ? { summary: path, path } : { summary: rawName };
  const description = pickString(input, 'description', 'prompt', 'url', 'query');
  return { summary: description ?? rawName };
}

function editDiff(path: string, input: JsonRecord | undefined): string | undefined {
  if (!input) return undefined;
  const oldText = pickString(input, 'old_string', 'oldString', 'old_str') ?? '';
  const newText = pickString(input, 'new_string', 'newString', 'new_str');
  if (newText !== undefined) return unifiedDiff(path, oldText, newText) || undefined;
  const edits = asArray(input.edits)
    .map(asRecord)
    .filter((edit): edit is JsonRecord => Boolean(edit));
  if (edits.length > 0) {
    const parts = edits
      .map((edit) =>
        unifiedDiff(
          path,
          pickString(edit, 'old_string', 'oldString') ?? '',
          pickString(edit, 'new_string', 'newString') ?? '',
        ),
      )
      .filter(Boolean);
    return parts.length ? parts.join('') : undefined;
  }
  const content = pickString(input, 'content', 'file_text', 'text');
  if (content !== undefined) return unifiedDiff(path, '', content) || undefined;
  return undefined;
}

/** Exit codes as agents print them into tool output ("Exit code: 1", "Process exited with code 2"). */
export function exitCodeFromText(text: string): number | undefined {
  const match = /(?:^|\n)\s*(?:Exit code:?|Process exited with code|exit status)\s*(-?\d+)/i.exec(text);
  return match ? Number(match[1]) : undefined;
}
