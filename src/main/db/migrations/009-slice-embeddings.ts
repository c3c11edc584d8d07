// Schema version 9: slice embeddings. A CT CNN's prediction of a slice also keeps the features its head read
// (its embedding: float32 values, little-endian), per slice and per version, so that a sequence model over
// the ordered series can be trained on them without running the CNN again. Rows go with their item; a
// version's rows are replaced whenever it predicts the slice again.
// A shipped migration is never edited: add a new one for any change.
export const sql = /* sql */ `
CREATE TABLE slice_embeddings (
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  version     TEXT NOT NULL,
  size        INTEGER NOT NULL CHECK (size > 0),
  data        BLOB NOT NULL CHECK (length(data) = size * 4),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (version, item_id)
);
`;
