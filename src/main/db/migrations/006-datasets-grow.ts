// Schema version 6: datasets that grow.
// - items.sha256: the SHA-256 of the item's file, so that a batch added later can tell a file the dataset has
//   already (same key, same bytes: skipped) from one that changed (same key, other bytes: refused). Written when
//   the bytes are read anyway (steel strips at import, every file of an added batch); NULL for items imported
//   before this version and for CT slices imported without a full decode: computed from the file when a batch
//   first meets their key.
// - jobs_by_dataset: deleting a dataset unlinks its jobs (ON DELETE SET NULL) without a scan of every job.
// A dataset's watched folder and its import warnings live in datasets.meta (JSON), which exists since version 1.
// A shipped migration is never edited: add 007-… for any change.
export const sql = /* sql */ `
ALTER TABLE items ADD COLUMN sha256 TEXT;
CREATE INDEX jobs_by_dataset ON jobs(dataset_id);
`;
