import type { SkillwrightServices } from '../services';
import { disposeAll } from '../lifecycle';
import { GapNode } from './gapsView';
import { SkillNode } from './libraryView';
import { registerViews, type SkillwrightViews } from './registerViews';
import { sessionRoots } from './sessionRows';
import { CandidateNode } from './suggestionsView';

type ViewSources = Pick<SkillwrightServices, 'review' | 'library' | 'gaps' | 'recording' | 'transcripts' | 'statusBar'>;

/**
 * The four views over the services' data, refreshed when that data changes; the suggestion count
 * shows as the view's badge and in the status bar. Disposing the result stops the refreshes too.
 */
export function openSkillwrightViews(services: ViewSources): SkillwrightViews {
  const { review, library, gaps, recording, transcripts, statusBar } = services;
  const views = registerViews({
    suggestions: () => review.pending().map((candidate) => new CandidateNode(candidate)),
    library: () => library?.rows().map((row) => new SkillNode(row)) ?? [],
    gaps: () => gaps?.rows().map((row) => new GapNode(row)) ?? [],
    sessions: () => {
      const unintegrated = recording.recorder?.terminalsWithoutShellIntegration() ?? [];
      return sessionRoots({
        store: recording.store,
        sessions: recording.sessions,
        terminalsWithoutShellIntegration: unintegrated.map((terminal) => terminal.terminalName),
      });
    },
  });
  const updateBadge = (): void => {
    const pending = review.pending().length;
    views.suggestions.badge = pending
      ? { value: pending, tooltip: `${pending} suggestion(s) waiting for review` }
      : undefined;
    statusBar.setPending(pending);
  };
  const listeners = [
    review.onDidChange(() => {
      views.providers.suggestions.refresh();
      updateBadge();
    }),
    recording.onDidChange(() => views.providers.sessions.refresh()),
    transcripts.onDidImport(() => views.providers.sessions.refresh()),
    ...(library ? [library.onDidChange(() => views.providers.library.refresh())] : []),
    ...(gaps ? [gaps.onDidChange(() => views.providers.gaps.refresh())] : []),
  ];
  return {
    ...views,
    dispose: () => {
      disposeAll(listeners);
      views.dispose();
    },
  };
}
