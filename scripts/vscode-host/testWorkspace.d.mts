/** Creates a temporary git repository with a planted, learnable history on `main`; returns its absolute path. */
export function createTestWorkspace(prefix?: string): string;

/** A temporary agent home whose claude/ and codex/ folders stand in for CLAUDE_CONFIG_DIR and CODEX_HOME. */
export function createAgentHome(prefix?: string): { root: string; claudeConfigDir: string; codexHome: string };
