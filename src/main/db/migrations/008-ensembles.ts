// Schema version 8: ensemble versions' members — each member's version (null for a fold run's member, whose
// folder is inside the ensemble's), its folder, its weight and its TTA set, in order. The ensemble's card
// lists the same members for the model worker; these rows are what the registry shows and checks.
// A shipped migration is never edited: add 009-… for any change.
export const sql = /* sql */ `
CREATE TABLE ensemble_members (
  version         TEXT NOT NULL REFERENCES models(version) ON DELETE CASCADE,
  position        INTEGER NOT NULL CHECK (position >= 0),
  member_version  TEXT REFERENCES models(version),
  dir             TEXT NOT NULL,
  weight          REAL NOT NULL CHECK (weight > 0),
  tta             TEXT NOT NULL CHECK (tta IN ('none', 'hflip', 'flips', 'x5')),
  PRIMARY KEY (version, position)
);
CREATE INDEX ensemble_members_by_member ON ensemble_members(member_version);
`;
