// The audit view: who did what when, read from the records the work itself leaves — human label revisions,
// review rows, model activations and jobs (imports, training, predictions) — newest first. Nothing is
// written for the audit alone, so it cannot disagree with the history it describes.
import type { Db } from '../../db/database';
import type { AuditEntry, AuditKind, AuditPage } from '../../../shared/api/team-types';
import { badInput } from '../../../shared/errors';

interface AuditRow {
  kind: AuditKind;
  at: string;
  who: string | null;
  id: number;
  datasetId: number | null;
  itemId: number | null;
  subject: string | null;
  detail: string | null;
  note: string | null;
  datasetKind: string | null;
}

// One SELECT per source, in plain SQL both engines run; the cursor is (at, kind, id) so that rows with the
// same time (one save of several classes) are never skipped or repeated across pages.
const SOURCES = /* sql */ `
  SELECT 'label' AS kind, r.created_at AS at, r.author AS who, r.id AS id, i.dataset_id AS "datasetId", r.item_id AS "itemId",
         i.key AS subject, CAST(r.class_id AS TEXT) AS detail, NULL AS note, d.kind AS "datasetKind"
    FROM label_revisions r JOIN items i ON i.id = r.item_id JOIN datasets d ON d.id = i.dataset_id
   WHERE r.source = 'human'
  UNION ALL
  SELECT 'review', v.created_at, v.author, v.id, i.dataset_id, v.item_id, i.key, v.state, v.note, d.kind
    FROM reviews v JOIN items i ON i.id = v.item_id JOIN datasets d ON d.id = i.dataset_id
  UNION ALL
  SELECT 'model', a.created_at, a.author, a.id, NULL, NULL, a.version, a.task, NULL, NULL
    FROM model_activations a
  UNION ALL
  SELECT CASE WHEN j.kind = 'import' THEN 'import' ELSE 'model' END, j.created_at, j.author, j.id, j.dataset_id, NULL, j.title, j.state, j.kind, NULL
    FROM jobs j`;

const CURSOR = /^(.{1,40})\|(label|review|model|import)\|(\d{1,15})$/;

export class AuditService {
  constructor(private readonly db: Db) {}

  list(options: { limit: number; before?: string; kind?: AuditKind }): AuditPage {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.kind) {
      where.push('kind = ?');
      params.push(options.kind);
    }
    if (options.before) {
      const cursor = CURSOR.exec(options.before);
      if (!cursor) throw badInput('the audit page to continue from is not one this workstation gave');
      const [, at, kind, id] = cursor;
      where.push('(at < ? OR (at = ? AND (kind > ? OR (kind = ? AND id < ?))))');
      params.push(at, at, kind, kind, Number(id));
    }
    const rows = this.db
      .prepare(`SELECT * FROM (${SOURCES}) audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, kind ASC, id DESC LIMIT ?`)
      .all(...params, options.limit + 1) as AuditRow[];
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    return { entries: page.map(entry), next: rows.length > options.limit && last ? `${last.at}|${last.kind}|${last.id}` : null };
  }
}

function entry(row: AuditRow): AuditEntry {
  return { kind: row.kind, at: row.at, who: row.who ?? '', what: describe(row), datasetId: row.datasetId, itemId: row.itemId };
}

function describe(row: AuditRow): string {
  switch (row.kind) {
    case 'label':
      return row.datasetKind === 'severstal' ? `saved class ${row.detail} of ${row.subject}` : `saved the labels of ${row.subject}`;
    case 'review': {
      const verb = { approved: 'approved', flagged: 'flagged', in_progress: 'marked in progress', unreviewed: 'reset the review of' }[row.detail ?? ''] ?? row.detail;
      return `${verb} ${row.subject}${row.note ? ` (${row.note})` : ''}`;
    }
    case 'model':
      return row.note === null ? `activated ${row.subject} for ${row.detail}` : `${row.subject} (${row.detail})`;
    case 'import':
      return `${row.subject} (${row.detail})`;
  }
}
