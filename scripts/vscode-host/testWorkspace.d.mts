/** Creates a temporary git repository with two commits on `main`; returns its absolute path. */
export function createTestWorkspace(prefix?: string): string;
