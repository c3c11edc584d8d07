// Schema version 1. A shipped migration is never edited: add 002-… for any change.
export const sql = /* sql */ `
CREATE TABLE datasets (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('severstal', 'rsna')),
  root        TEXT NOT NULL,
  labels_file TEXT,
  created_at  TEXT NOT NULL,
  meta        TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE items (
  id          INTEGER PRIMARY KEY,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  path        TEXT NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  frames      INTEGER NOT NULL DEFAULT 1,
  patient_id  TEXT,
  study_uid   TEXT,
  series_uid  TEXT,
  position    REAL,
  sort_index  INTEGER NOT NULL,
  meta        TEXT NOT NULL DEFAULT '{}',
  UNIQUE (dataset_id, key)
);
CREATE INDEX items_display_order ON items(dataset_id, sort_index);
CREATE INDEX items_series ON items(dataset_id, series_uid, sort_index);

-- Append-only: the current label of an item/class is its newest human revision, else its truth.
-- Steel: class_id 1..4, payload = Kaggle RLE ('' = empty mask).
-- CT:    class_id 0 (the slice's label set), payload = bit mask of the five subtypes (bit i = CT_SUBTYPES[i]).
CREATE TABLE label_revisions (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  class_id    INTEGER NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('truth', 'human') OR source LIKE 'model:%'),
  payload     TEXT NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX label_revisions_by_item ON label_revisions(item_id, class_id, source, id);
CREATE TRIGGER label_revisions_append_only BEFORE UPDATE ON label_revisions
BEGIN SELECT RAISE(ABORT, 'label revisions are append-only'); END;

-- Review history; an item's state is its newest row (none = unreviewed).
CREATE TABLE reviews (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  state       TEXT NOT NULL CHECK (state IN ('unreviewed', 'in_progress', 'approved', 'flagged')),
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX reviews_by_item ON reviews(item_id, id);

CREATE TABLE models (
  id                INTEGER PRIMARY KEY,
  version           TEXT NOT NULL UNIQUE,
  task              TEXT NOT NULL CHECK (task IN ('steel', 'ct')),
  architecture      TEXT NOT NULL,
  parent_version    TEXT REFERENCES models(version),
  created_at        TEXT NOT NULL,
  path              TEXT NOT NULL,
  card              TEXT NOT NULL DEFAULT '{}',
  training_snapshot TEXT NOT NULL DEFAULT '{}',
  metrics           TEXT NOT NULL DEFAULT '{}',
  active            INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
);
CREATE UNIQUE INDEX models_one_active_per_task ON models(task) WHERE active = 1;

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  progress    REAL NOT NULL DEFAULT 0,
  message     TEXT NOT NULL DEFAULT '',
  args        TEXT NOT NULL DEFAULT '{}',
  result      TEXT,
  log         TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
`;
