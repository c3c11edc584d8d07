// Schema: double reading. A reviewer assigns an item to two or more readers, blind to each other; each reader's
// labels are kept apart from the label revisions (they are not the item's label until a reviewer adjudicates
// them: the adjudicated label is then saved as a normal human revision). A honeypot task is an item with known
// truth mixed into a reader's queue; the flag is never shown to the reader. Times are ISO-8601 UTC text;
// booleans are INTEGER 0/1; the SQL is plain enough for either engine.
// A shipped migration is never edited: add a new one for any change.
export const sql = /* sql */ `
CREATE TABLE reading_tasks (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  reader       TEXT NOT NULL,
  honeypot     INTEGER NOT NULL DEFAULT 0 CHECK (honeypot IN (0, 1)),
  assigned_by  TEXT NOT NULL,
  assigned_at  TEXT NOT NULL,
  done_at      TEXT,
  UNIQUE (item_id, reader)
);
CREATE INDEX reading_tasks_by_reader ON reading_tasks(reader, id);

-- A reader's labels of one task, in the label revisions' formats (steel: class 1..4, Kaggle RLE; CT: class 0, bit mask).
CREATE TABLE readings (
  task_id   INTEGER NOT NULL REFERENCES reading_tasks(id) ON DELETE CASCADE,
  class_id  INTEGER NOT NULL,
  payload   TEXT NOT NULL,
  saved_at  TEXT NOT NULL,
  PRIMARY KEY (task_id, class_id)
);

-- An item whose readings a reviewer has decided: the human revisions the decision saved (a JSON array of ids).
CREATE TABLE adjudications (
  item_id         INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  adjudicated_by  TEXT NOT NULL,
  adjudicated_at  TEXT NOT NULL,
  revision_ids    TEXT NOT NULL
);
`;
