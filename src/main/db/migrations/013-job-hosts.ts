// Schema version 13: the machine a job's process runs on. On a team database the PCs share the jobs table, and
// a process id means something only on its own machine: a workstation starting up fails only the jobs its own
// machine's dead processes left (host NULL: jobs from before, or from one machine's SQLite file).
// A shipped migration is never edited: add 014-… for any change.
export const sql = /* sql */ `
ALTER TABLE jobs ADD COLUMN host TEXT;
`;
