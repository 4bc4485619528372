import { resolve } from 'node:path';
import { loadSkillLibrary } from '../../core/skills/library';
import { META } from '../../core/skills/provenance';
import { assessSkill } from '../../core/skills/quarantine';
import { DEFAULT_SKILLS_FOLDER } from '../../core/skills/skillsFolder';
import { kvTrustStore, memoryTrustStore, type TrustStore } from '../../core/skills/trustStore';
import { type CliCommand, type CliIo, parseCommandArgs } from '../command';
import { cliRepoRoot, cliStorePath, openStoreAt, STORE_OPTIONS, storeExists } from '../repoStore';

const USAGE = `Usage: skillwright list [--repo PATH] [--folder DIR] [--db FILE] [--json]

Lists the repository's skills with their description, source, and whether they are quarantined
(flagged by the scanner and not trusted yet). --folder defaults to ${DEFAULT_SKILLS_FOLDER};
--db defaults to the repository's private store.`;

export interface ListedSkill {
  name: string;
  description: string;
  source: string;
  quarantined: boolean;
  reasons: string[];
  errors: number;
  path: string;
}

export const listCommand: CliCommand = {
  name: 'list',
  summary: "list the repository's skills, their source and quarantine state",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs({
      args,
      options: { ...STORE_OPTIONS, folder: { type: 'string' } },
      allowPositionals: false,
    });
    const repo = await cliRepoRoot(io, parsed.values.repo, { lenient: true });
    const folder = resolve(repo, parsed.values.folder ?? DEFAULT_SKILLS_FOLDER);
    const library = await loadSkillLibrary(folder);
    const listed = await withTrust(io, cliStorePath(io, repo, parsed.values.db), (trust) =>
      library.skills.map((skill): ListedSkill => {
        const safety = assessSkill(skill, trust);
        return {
          name: skill.doc.name || skill.folderName,
          description: skill.doc.description,
          source: skill.doc.metadata[META.source] ?? (skill.editState === 'unmanaged' ? 'hand-written' : 'skillwright'),
          quarantined: safety.quarantined,
          reasons: safety.findings.map((finding) => `${finding.rule} at ${finding.file}:${finding.line}`),
          errors: skill.issues.filter((issue) => issue.severity === 'error').length,
          path: skill.path,
        };
      }),
    );
    if (parsed.values.json) {
      io.stdout(`${JSON.stringify({ folder, skills: listed, problems: library.problems }, null, 2)}\n`);
      return 0;
    }
    if (listed.length === 0) io.stdout(`no skills in ${folder}\n`);
    for (const skill of listed) {
      const flags = [skill.quarantined ? 'QUARANTINED' : '', skill.errors > 0 ? `${skill.errors} error(s)` : '']
        .filter(Boolean)
        .join(', ');
      io.stdout(
        `${skill.name}  [${skill.source}]${flags ? `  (${flags})` : ''}\n  ${skill.description.slice(0, 200)}\n`,
      );
      for (const reason of skill.reasons) io.stdout(`  ! ${reason}\n`);
    }
    for (const problem of library.problems) io.stderr(`skipped ${problem.path}: ${problem.message}\n`);
    return 0;
  },
};

/** Trust decisions live in the private store; without one, nothing is trusted yet (and none is created). */
async function withTrust<T>(io: CliIo, dbPath: string, use: (trust: TrustStore) => T): Promise<T> {
  if (!storeExists(dbPath)) return use(memoryTrustStore());
  const store = await openStoreAt(io, dbPath, 'read');
  try {
    return use(kvTrustStore(store.db));
  } finally {
    await store.close();
  }
}
