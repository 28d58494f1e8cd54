/**
 * Schema migrations, applied in order by `PRAGMA user_version`. Never edit a shipped migration: add the next one.
 * Hash columns are named after the MHL algorithms so a row reads like an MHL <hash> entry.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: the offload */ `
  CREATE TABLE rolls (
    id          INTEGER PRIMARY KEY,
    project     TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (project, name)
  );
  CREATE TABLE cards (
    id            INTEGER PRIMARY KEY,
    roll_id       INTEGER NOT NULL REFERENCES rolls(id),
    fingerprint   TEXT NOT NULL,
    volume_name   TEXT NOT NULL,
    source_path   TEXT NOT NULL,
    recorder      TEXT,
    file_count    INTEGER NOT NULL,
    total_bytes   INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,
    UNIQUE (roll_id, fingerprint)
  );
  CREATE TABLE files (
    id            INTEGER PRIMARY KEY,
    roll_id       INTEGER NOT NULL REFERENCES rolls(id),
    card_id       INTEGER REFERENCES cards(id),
    relative_path TEXT NOT NULL,
    size          INTEGER NOT NULL,
    mtime_ms      INTEGER NOT NULL,
    xxh128 TEXT, xxh64 TEXT, xxh3 TEXT, md5 TEXT, sha1 TEXT, c4 TEXT,
    hashed_at     TEXT NOT NULL,
    UNIQUE (roll_id, relative_path)
  );
  CREATE TABLE destinations (
    id           INTEGER PRIMARY KEY,
    root         TEXT NOT NULL UNIQUE,
    last_seen_at TEXT NOT NULL
  );
  CREATE TABLE roll_locations (
    roll_id        INTEGER NOT NULL REFERENCES rolls(id),
    destination_id INTEGER NOT NULL REFERENCES destinations(id),
    path           TEXT NOT NULL,
    PRIMARY KEY (roll_id, destination_id)
  );
  CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('offload', 'verify')),
    roll_id      INTEGER REFERENCES rolls(id),
    source       TEXT,
    destinations TEXT NOT NULL,
    hashes       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
    pid          INTEGER,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    summary_json TEXT
  );
  CREATE TABLE copies (
    id              INTEGER PRIMARY KEY,
    file_id         INTEGER NOT NULL REFERENCES files(id),
    destination_id  INTEGER NOT NULL REFERENCES destinations(id),
    path            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('verified', 'failed')),
    method          TEXT,
    reason          TEXT,
    verified_at     TEXT,
    last_checked_at TEXT NOT NULL,
    -- dev:ino:size:mtime:ctime of the copy when it was last read back; any rewrite changes it (ctime cannot be set)
    signature       TEXT,
    job_id          TEXT REFERENCES jobs(id),
    UNIQUE (file_id, destination_id)
  );
  CREATE TABLE job_errors (
    id            INTEGER PRIMARY KEY,
    job_id        TEXT NOT NULL REFERENCES jobs(id),
    relative_path TEXT,
    destination   TEXT,
    cause         TEXT NOT NULL,
    at            TEXT NOT NULL
  );
  CREATE TABLE manifests (
    id             INTEGER PRIMARY KEY,
    destination_id INTEGER NOT NULL REFERENCES destinations(id),
    roll_id        INTEGER REFERENCES rolls(id),
    path           TEXT NOT NULL UNIQUE,
    generation     INTEGER NOT NULL,
    job_id         TEXT REFERENCES jobs(id),
    written_at     TEXT NOT NULL
  );
  CREATE INDEX copies_by_destination ON copies(destination_id, status);
  CREATE INDEX job_errors_by_job ON job_errors(job_id);
  `,
  /* 2: takes and tracks, read from each verified copy's bext/iXML */ `
  CREATE TABLE wav_reads (
    file_id    INTEGER PRIMARY KEY REFERENCES files(id),
    status     TEXT NOT NULL CHECK (status IN ('ok', 'not-wav', 'error')),
    info_json  TEXT,
    message    TEXT,
    read_from  TEXT NOT NULL,
    read_at    TEXT NOT NULL
  );
  CREATE TABLE takes (
    id               INTEGER PRIMARY KEY,
    roll_id          INTEGER NOT NULL REFERENCES rolls(id),
    key              TEXT NOT NULL,
    scene            TEXT,
    take             TEXT,
    tape             TEXT,
    project          TEXT,
    circled          INTEGER NOT NULL DEFAULT 0,
    flags            TEXT NOT NULL DEFAULT '[]',
    note             TEXT,
    timecode_rate    TEXT,
    start_samples    INTEGER,
    start_tc         TEXT,
    end_tc           TEXT,
    sample_rate      INTEGER,
    bit_depth        INTEGER,
    encoding         TEXT,
    container        TEXT,
    channel_count    INTEGER,
    frames           INTEGER,
    duration_seconds REAL,
    family_uid       TEXT,
    recorded_on      TEXT,
    sources          TEXT NOT NULL DEFAULT '{}',
    warnings         TEXT NOT NULL DEFAULT '[]',
    indexed_at       TEXT NOT NULL,
    UNIQUE (roll_id, key)
  );
  CREATE TABLE take_files (
    take_id INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files(id),
    PRIMARY KEY (take_id, file_id)
  );
  CREATE TABLE tracks (
    id          INTEGER PRIMARY KEY,
    take_id     INTEGER NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    name_source TEXT NOT NULL,
    function    TEXT,
    file_id     INTEGER NOT NULL REFERENCES files(id),
    channel     INTEGER NOT NULL,
    UNIQUE (take_id, position)
  );
  CREATE INDEX takes_by_roll_start ON takes(roll_id, start_samples);
  CREATE INDEX takes_by_scene_take ON takes(scene, take);
  `,
  /* 3: take analyses (waveform peaks + QC from one decode pass) and QC findings */ `
  CREATE TABLE take_analyses (
    take_id          INTEGER PRIMARY KEY REFERENCES takes(id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('done', 'failed')),
    -- the peaks cache key: hashes each decoded file's path, size, mtime and inode, so a changed copy is re-analysed
    peaks_key        TEXT NOT NULL,
    peaks_file       TEXT,
    sources          TEXT NOT NULL,
    frames           INTEGER,
    mix_loudness     REAL,
    tracks_json      TEXT NOT NULL DEFAULT '[]',
    message          TEXT,
    elapsed_ms       INTEGER NOT NULL,
    analysed_at      TEXT NOT NULL
  );
  CREATE TABLE qc_findings (
    id            INTEGER PRIMARY KEY,
    roll_id       INTEGER NOT NULL REFERENCES rolls(id),
    take_id       INTEGER REFERENCES takes(id) ON DELETE CASCADE,
    origin        TEXT NOT NULL CHECK (origin IN ('audio', 'metadata')),
    severity      TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
    kind          TEXT NOT NULL,
    track         TEXT,
    relative_path TEXT,
    from_seconds  REAL NOT NULL,
    to_seconds    REAL NOT NULL,
    from_tc       TEXT,
    to_tc         TEXT,
    count         INTEGER,
    message       TEXT NOT NULL
  );
  CREATE INDEX qc_findings_by_roll ON qc_findings(roll_id, severity);
  CREATE INDEX qc_findings_by_take ON qc_findings(take_id);
  `,
  /* 4: station settings (remembered destinations, last naming choices) */ `
  CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  /* 5: the mixer's sound-report edits, keyed by the take's stable key so they survive re-indexing; the card's files
     are never changed. A NULL column is a field the mixer has not edited (the recorder's value stands). */ `
  CREATE TABLE take_edits (
    roll_id     INTEGER NOT NULL REFERENCES rolls(id),
    take_key    TEXT NOT NULL,
    note        TEXT,
    circled     INTEGER CHECK (circled IN (0, 1)),
    -- JSON arrays of strings
    flags       TEXT,
    tags        TEXT,
    -- JSON object: 0-based track lane ("0", "1"…) → the mixer's note for that track
    track_notes TEXT,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (roll_id, take_key)
  );
  `,
];
