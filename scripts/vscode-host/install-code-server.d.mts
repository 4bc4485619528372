export const CODE_SERVER_VERSION: string;
/** Installs code-server into .tools/ if needed; returns the path of its entry.js. */
export function ensureCodeServer(): string;
export function installedEntry(): string;
