export const CODE_SERVER_VERSION: string;
/**
 * Installs what the VS Code host needs if anything is missing (Debian packages through apt-get
 * when this process may, code-server into .tools/); returns the path of code-server's entry.js.
 */
export function ensureCodeServer(): string;
export function installedEntry(): string;
