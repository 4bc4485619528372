/**
 * Schema migrations, applied in order and keyed on PRAGMA user_version. Append new versions at
 * the end; never edit a released one. Rows keep their full object as JSON in `payload` so a new
 * field needs no migration; columns exist only for what queries filter or sort on.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: the initial schema.
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    ts INTEGER NOT NULL,
    type TEXT NOT NULL,
    session_id TEXT,
    workspace TEXT,
    actor TEXT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX events_ts ON events(ts);
  CREATE INDEX events_session ON events(session_id);

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    workspace TEXT,
    started_at INTEGER NOT NULL,
    ended_at INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    excluded INTEGER NOT NULL DEFAULT 0,
    payload TEXT NOT NULL
  );
  CREATE INDEX sessions_started ON sessions(started_at);

  CREATE TABLE candidates (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    evidence_count INTEGER NOT NULL,
    confidence REAL NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX candidates_status ON candidates(status);
  CREATE INDEX candidates_fingerprint ON candidates(fingerprint);

  CREATE TABLE gaps (
    id TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    status TEXT NOT NULL,
    occurrences INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX gaps_signature ON gaps(signature);

  CREATE TABLE skill_usage (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    skill TEXT NOT NULL,
    version TEXT NOT NULL,
    session_id TEXT,
    channel TEXT NOT NULL,
    ts INTEGER NOT NULL,
    outcome TEXT
  );
  CREATE INDEX skill_usage_skill ON skill_usage(skill, version);

  CREATE TABLE skill_versions (
    skill TEXT NOT NULL,
    version TEXT NOT NULL,
    hash TEXT NOT NULL,
    accepted_at INTEGER NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (skill, version)
  );

  CREATE TABLE kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE embeddings (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
  );
  `,
  // 2: an event's JSON moves to the event log; the row keeps where it is. Rows from version 1
  // (and events merged from other windows' journals) keep their JSON in payload, log_offset NULL.
  // The table is rebuilt to drop AUTOINCREMENT: seq only orders rows, and keeping a never-reused
  // counter cost a second b-tree write on every insert.
  `
  CREATE TABLE events_v2 (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ts INTEGER NOT NULL,
    type TEXT NOT NULL,
    session_id TEXT,
    workspace TEXT,
    actor TEXT NOT NULL,
    payload TEXT NOT NULL,
    log_offset INTEGER,
    log_length INTEGER
  );
  INSERT INTO events_v2 (seq, id, ts, type, session_id, workspace, actor, payload)
    SELECT seq, id, ts, type, session_id, workspace, actor, payload FROM events;
  DROP TABLE events;
  ALTER TABLE events_v2 RENAME TO events;
  CREATE INDEX events_ts ON events(ts);
  CREATE INDEX events_session ON events(session_id);
  CREATE TABLE event_log (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    indexed_through INTEGER NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
