// loupe audit --db <file> [--limit n] [--kind label|review|model|import]: who did what when, newest first.
import { Command } from 'commander';
import { openServices } from '../services';
import { printResult } from '../output';
import type { AuditKind } from '../../../shared/api/team-types';

interface AuditFlags {
  db: string;
  json?: boolean;
  limit: string;
  kind?: string;
}

const KINDS: readonly AuditKind[] = ['label', 'review', 'model', 'import'];

export function auditCommand(): Command {
  return new Command('audit')
    .description('who did what when: label revisions, reviews, model activations, imports and other jobs, newest first')
    .requiredOption('--db <file>', 'the Loupe database')
    .option('--limit <n>', 'how many entries (1–1000)', '50')
    .option('--kind <kind>', KINDS.join(' | '))
    .option('--json', 'machine-readable output')
    .action(async (flags: AuditFlags) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error(`--limit must be 1–1000, not "${flags.limit}"`);
      if (flags.kind !== undefined && !(KINDS as readonly string[]).includes(flags.kind)) throw new Error(`--kind must be one of ${KINDS.join(', ')}, not "${flags.kind}"`);
      const services = await openServices(flags.db);
      try {
        const page = services.audit.list({ limit, kind: flags.kind as AuditKind | undefined });
        printResult(flags, page, () => (page.entries.length ? page.entries.map((e) => `${e.at}\t${e.who || '—'}\t${e.kind}\t${e.what}`).join('\n') : 'nothing recorded yet'));
      } finally {
        services.close();
      }
    });
}
