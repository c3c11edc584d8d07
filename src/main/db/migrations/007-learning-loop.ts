// Schema version 7: what honest model comparisons and tuning on reviewed data keep.
// - validation_sets / validation_items: each dataset's fixed validation set — reviewed items held out by whole
//   groups (a CT patient, a steel image), drawn once with a seed and a share, then only ever grown as more
//   items are reviewed. Nothing of a validation group is trained on or pseudo-labelled.
// - trained_groups: the groups a training run has learnt from; growing the validation set never moves one of
//   them into validation (a version's score on items it was trained on would flatter it).
// - model_card_revisions: every card a version has had (revision 1 as registered, then each tuning applied,
//   each threshold change, each revert), so a change of thresholds or calibration can be undone.
// A shipped migration is never edited: add 011-… for any change.
export const sql = /* sql */ `
CREATE TABLE validation_sets (
  dataset_id  INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  seed        INTEGER NOT NULL,
  share       REAL NOT NULL CHECK (share > 0 AND share < 1),
  created_at  TEXT NOT NULL
);

CREATE TABLE validation_items (
  dataset_id  INTEGER NOT NULL REFERENCES validation_sets(dataset_id) ON DELETE CASCADE,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  group_key   TEXT NOT NULL,
  added_at    TEXT NOT NULL,
  PRIMARY KEY (dataset_id, item_id)
);
CREATE INDEX validation_items_by_group ON validation_items(dataset_id, group_key);

CREATE TABLE trained_groups (
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  group_key   TEXT NOT NULL,
  -- the first version trained on the group
  version     TEXT NOT NULL,
  PRIMARY KEY (dataset_id, group_key)
);

CREATE TABLE model_card_revisions (
  id          INTEGER PRIMARY KEY,
  version     TEXT NOT NULL REFERENCES models(version) ON DELETE CASCADE,
  revision    INTEGER NOT NULL,
  card        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (version, revision)
);

INSERT INTO model_card_revisions (version, revision, card, reason, author, created_at)
SELECT version, 1, card, 'as registered', 'loupe', created_at FROM models ORDER BY id;
`;
