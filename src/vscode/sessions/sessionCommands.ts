import * as vscode from 'vscode';
import { toTrajectory } from '../../core/sessions/trajectory';
import type { ReadOnlyDocuments } from '../review/readOnlyDocuments';
import type { RecordingRuntime } from '../runtime/recording';
import type { SessionNode } from '../views/sessionsView';
import type { StepRow } from '../views/viewModels';
import type { TimelinePanels } from '../webviews/timelinePanel';

/** Rate, exclude, open a session's timeline, and open a single step. */
export function registerSessionCommands(options: {
  recording: RecordingRuntime;
  timelines: TimelinePanels;
  documents: ReadOnlyDocuments;
  refresh: () => void;
}): vscode.Disposable[] {
  const { recording, timelines, documents, refresh } = options;
  const rate = (rating: 'up' | 'down') => (node?: SessionNode) => {
    if (!node) return;
    const id = node.row.session.id;
    if (recording.recorder) recording.recorder.rate(id, rating, node.row.session.workspaceFolder);
    else recording.sessions?.setRating(id, rating);
    refresh();
  };
  return [
    vscode.commands.registerCommand('skillwright.rateSessionUp', rate('up')),
    vscode.commands.registerCommand('skillwright.rateSessionDown', rate('down')),
    vscode.commands.registerCommand('skillwright.excludeSession', (node?: SessionNode) => {
      if (!node || !recording.sessions) return;
      const excluded = !node.row.session.excluded;
      recording.sessions.setExcluded(node.row.session.id, excluded);
      void vscode.window.setStatusBarMessage(
        excluded ? 'Skillwright: session excluded from learning' : 'Skillwright: session included in learning again',
        3000,
      );
      refresh();
    }),
    vscode.commands.registerCommand('skillwright.openSessionTimeline', async (node?: SessionNode) => {
      const store = recording.store;
      if (!node || !store) return;
      await recording.flush();
      const events = store.listEvents({ sessionId: node.row.session.id });
      timelines.show(toTrajectory(node.row.session, events, { observationChars: 4000, diffChars: 8000 }));
    }),
    vscode.commands.registerCommand('skillwright.openStep', async (row?: StepRow) => {
      if (!row) return;
      const { step } = row;
      const isDiff = step.observation.includes('\n@@') || step.observation.startsWith('---');
      await documents.open(
        `step-${step.eventId}${isDiff ? '.diff' : '.txt'}`,
        `${step.action}\n\n${step.observation}`,
        isDiff ? 'diff' : 'plaintext',
      );
    }),
  ];
}
