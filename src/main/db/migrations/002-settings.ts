// Schema version 2: workstation settings (the user's name, later preferences) as key → JSON value.
export const sql = /* sql */ `
CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
`;
