/**
 * Terminals whose commands cannot be recorded because they have no shell integration. The
 * Sessions view shows them, so capture never goes quietly blind.
 */
import type { TerminalWithoutShellIntegration } from './recorderTypes';

export class ShellIntegrationStatus {
  private readonly missing = new Map<string, TerminalWithoutShellIntegration>();
  private readonly listeners = new Set<() => void>();

  markMissing(terminalId: string, terminalName: string, since: number): void {
    if (this.missing.has(terminalId)) return;
    this.missing.set(terminalId, { terminalId, terminalName, since });
    this.notify();
  }

  /** Shell integration activated, or the terminal closed. */
  clear(terminalId: string): void {
    if (this.missing.delete(terminalId)) this.notify();
  }

  list(): TerminalWithoutShellIntegration[] {
    return [...this.missing.values()];
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
