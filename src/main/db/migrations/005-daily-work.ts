// Schema version 5: what daily review work needs to be trusted.
// - label_revisions.origin: where a person's revision started, e.g. 'model:steel-3' when it was edited from
//   (or accepted as) that model's draft; NULL when it was drawn from scratch or from an earlier label.
// - reviews.note: why the state was set — a flag's reason, or what moved an item back ('edited after approval').
// - Steel strips a label CSV covered get an explicit empty truth revision for every class the CSV left empty:
//   "no defect" is something a CSV or a person says, never what a missing label means. Strips imported before
//   this version from a train.csv had their empty classes implied by the dataset's labels file.
// A shipped migration is never edited: add 006-… for any change.
export const sql = /* sql */ `
ALTER TABLE label_revisions ADD COLUMN origin TEXT CHECK (origin IS NULL OR origin LIKE 'model:%');
ALTER TABLE reviews ADD COLUMN note TEXT;

INSERT INTO label_revisions (item_id, class_id, source, payload, author, created_at)
SELECT i.id, c.class_id, 'truth', '',
       COALESCE((SELECT l.author FROM label_revisions l JOIN items t ON t.id = l.item_id
                 WHERE t.dataset_id = d.id AND l.source = 'truth' LIMIT 1), 'import'),
       d.created_at
FROM items i
JOIN datasets d ON d.id = i.dataset_id
CROSS JOIN (SELECT 1 AS class_id UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) c
WHERE d.kind = 'severstal' AND d.labels_file IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM label_revisions l WHERE l.item_id = i.id AND l.class_id = c.class_id AND l.source = 'truth')
ORDER BY i.id, c.class_id;
`;
