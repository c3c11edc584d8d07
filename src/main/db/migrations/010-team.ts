// Schema version 10: team mode's accounts and sessions. A user signs revisions and reviews by name (the
// `author` columns), so names are unique; a disabled user keeps their name in the history but cannot sign
// in. Jobs record who started them. Sessions keep only a hash of their token, so a copy of the database signs nobody in.
export const sql = /* sql */ `
CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer', 'admin')),
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

-- Who started a job (imports, training …), for the audit view; NULL for jobs from before.
ALTER TABLE jobs ADD COLUMN author TEXT;
`;
