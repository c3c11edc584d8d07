// Schema version 3: what pre-annotation keeps beside its masks, and the history of model activations.
// A shipped migration is never edited: add 004-… for any change.
export const sql = /* sql */ `
-- Steel predictions keep each class's probability map (one byte per pixel, p × 255, row-major at the
-- model's resolution, zlib-deflated) so that thresholds and min-areas can change without running the model.
-- source is the revisions' source: 'model:<version>' (or 'model:<v1>+<v2>' for an average).
CREATE TABLE prediction_maps (
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  source      TEXT NOT NULL CHECK (source LIKE 'model:%'),
  class_id    INTEGER NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  presence    REAL,
  data        BLOB NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (source, item_id, class_id)
);
CREATE INDEX prediction_maps_by_item ON prediction_maps(item_id, source);

-- Every activation, newest last: rolling back re-activates the version that was active before.
CREATE TABLE model_activations (
  id          INTEGER PRIMARY KEY,
  task        TEXT NOT NULL CHECK (task IN ('steel', 'ct')),
  version     TEXT NOT NULL REFERENCES models(version) ON DELETE CASCADE,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX model_activations_by_task ON model_activations(task, id);
`;
