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

  test('no agent tool reads history or delivers skills', async () => {
    await vscode.extensions.getExtension('skillwright.skillwright')?.activate();
    const ours = vscode.lm.tools.filter((tool) => tool.name.startsWith('skillwright_')).map((tool) => tool.name);
    assert.deepEqual(ours, [], `tools offered in Restricted Mode: ${ours.join(', ')}`);
  });

  test('Show Files That Usually Change With This One asks for trust instead of running git', async () => {
    // It must return quietly (an information message), not throw or read the history.
    await vscode.commands.executeCommand('skillwright.showRelatedFiles');
  });
});
