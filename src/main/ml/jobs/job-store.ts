// Model jobs as rows of the `jobs` table, so a job's state, progress and outcome outlive the process.
import type { Db } from '../../db/database';
import type { Clock } from '../../services/clock';
import type { ModelJobKind, ModelJobState } from '../../../shared/ml/jobs';

export interface JobStore {
  create(kind: ModelJobKind, args: unknown): number;
  update(jobId: number, state: ModelJobState, progress: number, message: string): void;
  finish(jobId: number, state: ModelJobState, message: string, result: unknown): void;
}

export class SqliteJobStore implements JobStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  create(kind: ModelJobKind, args: unknown): number {
    const now = this.clock.now();
    return Number(
      this.db
        .prepare("INSERT INTO jobs (kind, state, args, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?)")
        .run(kind, JSON.stringify(args), now, now).lastInsertRowid,
    );
  }

  update(jobId: number, state: ModelJobState, progress: number, message: string): void {
    this.db.prepare('UPDATE jobs SET state = ?, progress = ?, message = ?, updated_at = ? WHERE id = ?').run(state, progress, message, this.clock.now(), jobId);
  }

  finish(jobId: number, state: ModelJobState, message: string, result: unknown): void {
    this.db
      .prepare('UPDATE jobs SET state = ?, progress = ?, message = ?, result = ?, updated_at = ? WHERE id = ?')
      .run(state, state === 'done' ? 1 : 0, message, result === undefined ? null : JSON.stringify(result), this.clock.now(), jobId);
  }
}

/** For runs without a database (benchmarks, the starter-model script): ids only. */
export class MemoryJobStore implements JobStore {
  private next = 1;
  create(): number {
    return this.next++;
  }
  update(): void {}
  finish(): void {}
}
