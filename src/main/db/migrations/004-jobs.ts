// Schema version 4: every kind of job (imports as well as model jobs) is a row of `jobs`, with what its
// view shows: a title, the dataset it works on, its progress as counts, the kind's own live parts (a
// training's loss and epochs), its error, when it finished, and the process that runs it (so a workstation
// that starts after a crash can tell a job that died with its process from one another process still runs).
// A shipped migration is never edited: add 005-… for any change.
export const sql = /* sql */ `
ALTER TABLE jobs ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL;
ALTER TABLE jobs ADD COLUMN done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN total INTEGER;
-- JSON: { loss?, epochs? } for training; {} for the other kinds.
ALTER TABLE jobs ADD COLUMN detail TEXT NOT NULL DEFAULT '{}';
-- JSON: { code, message } of a failed or cancelled job.
ALTER TABLE jobs ADD COLUMN error TEXT;
ALTER TABLE jobs ADD COLUMN finished_at TEXT;
ALTER TABLE jobs ADD COLUMN pid INTEGER;
CREATE INDEX jobs_unfinished ON jobs(state) WHERE state IN ('queued', 'running');
`;
