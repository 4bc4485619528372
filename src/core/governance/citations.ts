/** Files and code symbols a skill's body names, so drift review can check they still exist. */
export interface Citations {
  files: string[];
  symbols: string[];
}

const PATH = /(?:^|[\s`'"(\[])((?:[\w@.-]+\/)+[\w@.-]+\.[A-Za-z0-9]{1,8})(?=$|[\s`'"),:;\]]|\.(?:\s|$))/gm;
const BACKTICKED = /`([^`\n]{2,120})`/g;
const IDENTIFIER = /^([A-Za-z_$][\w$]*)(?:\(\))?$/;

export function extractCitations(body: string): Citations {
  const files = new Set<string>();
  for (const match of body.matchAll(PATH)) {
    // A quoted `./x.js` is an import specifier, relative to the file it is written in, not a repository path.
    if (/^['"]\./.test(match[0].trimStart())) continue;
    const path = (match[1] ?? '').replace(/^\.\//, '');
    if (!path.includes('://') && !/^https?:/.test(path) && !path.startsWith('/') && !path.includes('..'))
      files.add(path);
  }
  const symbols = new Set<string>();
  for (const match of body.matchAll(BACKTICKED)) {
    const identifier = IDENTIFIER.exec((match[1] ?? '').trim())?.[1];
    // Only names that look like code (camelCase or snake_case), not plain words or commands.
    if (identifier && identifier.length >= 4 && (/[a-z][A-Z]/.test(identifier) || /[a-z]_[a-z]/i.test(identifier)))
      symbols.add(identifier);
  }
  return { files: [...files], symbols: [...symbols] };
}
