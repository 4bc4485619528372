// Only the type: VS Code's Disposable is a structural `{ dispose(): void }`, and importing the
// module for types alone keeps this file loadable (and unit-testable) outside the editor.
import type * as vscode from 'vscode';

/**
 * Disposes every item, the last one first (later items may depend on earlier ones, as with
 * context.subscriptions). One item that throws does not keep the others alive: all are disposed,
 * then the first error, or an AggregateError for several, is thrown.
 */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  for (const disposable of [...disposables].reverse()) {
    try {
      disposable.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed to dispose`);
}

/**
 * Base for anything that owns listeners, emitters or child services: whatever it hands to
 * `_register` is disposed with it, exactly once. A subclass that also holds timers or other
 * non-disposable resources overrides dispose(), releases them, and calls super.dispose().
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private isDisposed = false;

  /** True once dispose() has run; asynchronous work checks it before touching what was released. */
  protected get disposed(): boolean {
    return this.isDisposed;
  }

  /**
   * Takes ownership of `value` and returns it, so a field can be declared and registered at once.
   * Registering after dispose() disposes the value at once, so a late listener cannot leak.
   */
  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.isDisposed) value.dispose();
    else this.owned.push(value);
    return value;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    disposeAll(this.owned.splice(0));
  }
}
