// Schema: claims — who is editing an item now — and the shared job queue. Opening an item for editing claims it; every activity (open,
// save, keep-alive) moves its expiry on; leaving it deletes the row; a row past its expiry counts as free and is
// taken over by the next person who opens the item. One row per item at most. Times are ISO-8601 UTC text (they
// compare in time order as text), and the SQL is plain enough for either engine.
// jobs.queue: a job submitted to the shared queue (by any process, for whichever worker takes it first) names
// its queue; until a worker takes it, it belongs to no process, so a workstation starting up leaves it waiting.
// A shipped migration is never edited: add a new one for any change.
export const sql = /* sql */ `
CREATE TABLE claims (
  item_id     INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  user_name   TEXT NOT NULL,
  claimed_at  TEXT NOT NULL,
  active_at   TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
CREATE INDEX claims_by_expiry ON claims(expires_at);

ALTER TABLE jobs ADD COLUMN queue TEXT;
CREATE INDEX jobs_waiting ON jobs(queue, id) WHERE state = 'queued';
`;
