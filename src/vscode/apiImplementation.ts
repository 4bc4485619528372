import type { SkillwrightApi } from './api';
import type { GapsService } from './gaps/gapsService';
import type { LibraryService } from './library/libraryService';
import type { ReviewService } from './review/reviewService';
import type { RecordingRuntime } from './runtime/recording';

declare const SKILLWRIGHT_VERSION: string | undefined;

/** Builds the object activate() returns; every method waits for start-up first. */
export function createApi(options: {
  ready: Promise<void>;
  recording: RecordingRuntime;
  review: ReviewService;
  library: LibraryService | undefined;
  gaps: GapsService | undefined;
  activationMs: number;
}): SkillwrightApi {
  const { ready, recording, review, library, gaps } = options;
  return {
    version: typeof SKILLWRIGHT_VERSION === 'string' ? SKILLWRIGHT_VERSION : 'dev',
    activationMs: options.activationMs,
    whenReady: () => ready,
    flush: async () => {
      await ready;
      await recording.flush();
    },
    events: async (query = {}) => {
      await ready;
      await recording.flush();
      return (
        recording.store?.listEvents({
          ...(query.type ? { types: [query.type] } : {}),
          ...(query.sessionId ? { sessionId: query.sessionId } : {}),
          ...(query.limit ? { limit: query.limit } : {}),
        }) ?? []
      );
    },
    sessions: async (limit = 100) => {
      await ready;
      await recording.flush();
      return recording.sessions?.listRecent(limit, { includeExcluded: true }) ?? [];
    },
    pendingCandidates: async () => {
      await ready;
      return review.pending();
    },
    learn: async () => {
      await ready;
      return (await review.learn({ report: () => undefined })).candidates;
    },
    accept: async (id, editedText) => {
      await ready;
      const outcome = await review.accept(id, editedText);
      // Callers look the skill up next; don't make them wait for the file watcher.
      await library?.reload();
      return outcome.status;
    },
    reject: async (id, reason) => {
      await ready;
      review.reject(id, reason);
    },
    findSkills: async (task, files = []) => {
      await ready;
      return (library?.search(task, files, 5, { record: false }).results ?? []).map(({ name, score, description }) => ({
        name,
        score,
        description,
      }));
    },
    gaps: async () => {
      await ready;
      return gaps?.summaries() ?? [];
    },
    quarantinedSkills: async () => {
      await ready;
      return library?.quarantinedNames() ?? [];
    },
    get storePath() {
      return recording.storePath;
    },
  };
}
