import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LibraryService } from './libraryService';
import { showError } from '../userMessages';
import { SkillNode } from '../views/libraryView';
import type { Node } from '../views/treeItems';

/** Open, reveal, delete, trust and lint the skills in the Library view. */
export function registerLibraryCommands(options: {
  library: LibraryService;
  libraryView: vscode.TreeView<Node>;
  log: vscode.LogOutputChannel;
}): vscode.Disposable[] {
  const { library, libraryView, log } = options;
  const skillOf = (node?: Node): SkillNode | undefined => {
    const picked = node ?? libraryView.selection[0];
    return picked instanceof SkillNode ? picked : undefined;
  };
  const skillFile = (node: SkillNode): vscode.Uri =>
    vscode.Uri.file(node.skill.path.endsWith('SKILL.md') ? node.skill.path : join(node.skill.path, 'SKILL.md'));

  return [
    vscode.commands.registerCommand('skillwright.openSkill', async (node?: Node) => {
      const skill = skillOf(node);
      if (skill) await vscode.window.showTextDocument(skillFile(skill), { preview: true });
    }),
    vscode.commands.registerCommand('skillwright.revealSkill', async (node?: Node) => {
      const skill = skillOf(node);
      if (skill) await vscode.commands.executeCommand('revealInExplorer', skillFile(skill));
    }),
    vscode.commands.registerCommand('skillwright.deleteSkill', async (node?: Node) => {
      const skill = skillOf(node);
      if (!skill) return;
      const choice = await vscode.window.showWarningMessage(
        `Delete the skill "${skill.skill.name}"?`,
        {
          modal: true,
          detail:
            'Its folder and the copies Skillwright made in the mirror folders are removed. Git still has it if it ' +
            'was committed.',
        },
        'Delete',
      );
      if (choice !== 'Delete') return;
      try {
        await library.delete(skill.skill.name);
        void vscode.window.setStatusBarMessage(`Skillwright: deleted ${skill.skill.name}`, 3000);
      } catch (error) {
        showError(log, `Deleting ${skill.skill.name} failed`, error);
      }
    }),
    vscode.commands.registerCommand('skillwright.trustSkill', async (node?: Node) => {
      const skill = skillOf(node);
      if (!skill) return;
      const findings = skill.skill.findings.map((finding) => `• ${finding}`).join('\n');
      const choice = await vscode.window.showWarningMessage(
        `Trust "${skill.skill.name}" and deliver it to agents?`,
        {
          modal: true,
          detail:
            `The scanner flagged:\n${findings}\n\nTrust it only if you have read the skill and these are ` +
            `intended. Trust is recorded for this exact content; any change to the skill quarantines it again.`,
        },
        'Trust This Skill',
      );
      if (choice !== 'Trust This Skill') return;
      try {
        await library.trust(skill.skill.name);
        log.info(`The user trusted skill ${skill.skill.name} despite ${skill.skill.findings.length} finding(s).`);
      } catch (error) {
        showError(log, `Trusting ${skill.skill.name} failed`, error);
      }
    }),
    vscode.commands.registerCommand('skillwright.lintSkills', async () => {
      await library.reload();
      const problems = library.lintAll();
      if (problems) {
        void vscode.window
          .showWarningMessage(`Skillwright found ${problems} problem(s) in the skills folder.`, 'Show Problems')
          .then((choice) => choice && vscode.commands.executeCommand('workbench.actions.view.problems'));
      } else {
        void vscode.window.showInformationMessage('Every skill in the skills folder follows the Agent Skills spec.');
      }
    }),
  ];
}
