// Runs only in the Restricted Mode pass (workspace trust on, folder not trusted). Skillwright declares
// `capabilities.untrustedWorkspaces: limited`, so it must still load there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('Restricted Mode', () => {
  test('the workspace is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('Skillwright still activates and returns its API', async () => {
    const extension = vscode.extensions.getExtension('skillwright.skillwright');
    assert.ok(extension, 'skillwright.skillwright is not available in Restricted Mode');
    const api = (await extension.activate()) as { version?: unknown } | undefined;
    assert.equal(extension.isActive, true);
    assert.equal(typeof api?.version, 'string');
  });
});
