// A burst of label saves against a real `loupe serve` child from several clients at once, killed with
// SIGKILL after a set number of acknowledged saves, and the check that every acknowledged revision is
// still there afterwards. Used by the kill -9 durability test and its benchmark (more rounds).
import { engineOf, openDatabase } from '../../src/main/db/database';
import type Database from 'better-sqlite3';
import { callServe, type ServeChild } from './serve';
import { KnownBases, saveCtLabels, saveSteelMask } from './based-saves';

/** One revision the server acknowledged: which save made it, and what it must hold. */
export interface AcknowledgedRevision {
  /** The save (one request) that wrote it; ct.saveLabels writes several revisions in one save. */
  save: number;
  request: 'steel.save' | 'ct.saveLabels' | 'labels.save';
  revisionId: number;
  itemId: number;
  classId: number;
  payload: string;
}

export interface BurstTargets {
  strips: number[];
  slices: number[];
}

const STRIP_PIXELS = 1600 * 256;
let counter = 0;
/** What the clients last knew of each label (saves are based on it; a conflict rebases and sends again). */
const bases = new KnownBases();

/**
 * A save still refused as a conflict after its retries: six clients on three slices can keep moving each other's
 * bases (a livelock of the test's own making, not of the store). Such a save was never acknowledged, so it is
 * not counted; anything else that fails fails the burst.
 */
const stillConflicting = (reply: { ok: boolean; error?: { code?: string } }) => !reply.ok && reply.error?.code === 'conflict';

/** One save of one of the three kinds; every save differs from every other, so each writes revisions. */
async function saveOnce(served: ServeChild, targets: BurstTargets, acknowledged: AcknowledgedRevision[]): Promise<void> {
  const save = ++counter;
  const { strips, slices } = targets;
  if (save % 3 === 0) {
    const itemId = strips[save % strips.length];
    const rle = `${1 + ((save * 997) % (STRIP_PIXELS - 200))} ${1 + (save % 150)}`;
    const { reply } = await saveSteelMask(served, bases, itemId, 1 + (save % 4), rle);
    if (stillConflicting(reply)) return;
    if (!reply.ok) throw new Error(`steel.save: ${reply.error?.message}`);
    for (const s of reply.value.saved) acknowledged.push({ save, request: 'steel.save', revisionId: s.revisionId, itemId, classId: s.classId, payload: rle });
  } else if (save % 3 === 1) {
    const changes = [0, 1].map((k) => ({ itemId: slices[(save + k) % slices.length], bits: (save + k) % 32 }));
    const { reply } = await saveCtLabels(served, bases, changes);
    if (stillConflicting(reply)) return;
    if (!reply.ok) throw new Error(`ct.saveLabels: ${reply.error?.message}`);
    reply.value.revisionIds.forEach((revisionId, k) =>
      acknowledged.push({ save, request: 'ct.saveLabels', revisionId, itemId: changes[k].itemId, classId: 0, payload: String(changes[k].bits) }),
    );
  } else {
    const itemId = slices[save % slices.length];
    const payload = String(save % 32);
    const reply = await callServe<{ revisionIds: number[] }>(served, 'labels.save', { itemId, classes: [{ classId: 0, payload }] });
    if (!reply.ok) throw new Error(`labels.save: ${reply.error?.message}`);
    acknowledged.push({ save, request: 'labels.save', revisionId: reply.value.revisionIds[0], itemId, classId: 0, payload });
  }
}

/**
 * Saves from `clients` clients until `killAfter` saves were acknowledged, then SIGKILL while the others are
 * still in flight. Resolves once the process has exited (with the signal); a save cut off by the kill was
 * never acknowledged and may or may not be stored.
 */
export async function burstThenKill(served: ServeChild, targets: BurstTargets, killAfter: number, clients = 6): Promise<{ revisions: AcknowledgedRevision[]; signal: NodeJS.Signals | null }> {
  const revisions: AcknowledgedRevision[] = [];
  const saves = () => new Set(revisions.map((r) => r.save)).size;
  let killed = false;
  const client = async () => {
    while (!killed) {
      try {
        await saveOnce(served, targets, revisions);
      } catch (error) {
        if (killed) return; // the connection died with the process
        throw error;
      }
      if (!killed && saves() >= killAfter) {
        killed = true;
        served.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const { signal } = await served.exited;
  return { revisions, signal };
}

/** The acknowledged revisions a running server does not show (by id) with their class, payload and source. */
export async function missingFromServer(served: ServeChild, acknowledged: readonly AcknowledgedRevision[]): Promise<AcknowledgedRevision[]> {
  const histories = new Map<number, Map<number, { classId: number; payload: string; source: string }>>();
  for (const itemId of new Set(acknowledged.map((a) => a.itemId))) {
    const history = await callServe<{ id: number; classId: number; payload: string; source: string }[]>(served, 'labels.history', { itemId });
    if (!history.ok) throw new Error(`labels.history: ${history.error?.message}`);
    histories.set(itemId, new Map(history.value.map((r) => [r.id, r])));
  }
  return acknowledged.filter((a) => {
    const found = histories.get(a.itemId)?.get(a.revisionId);
    return !found || found.classId !== a.classId || found.payload !== a.payload || found.source !== 'human';
  });
}

/** The acknowledged revisions the store does not hold as acknowledged, and its integrity check. */
export function checkFile(database: string, acknowledged: readonly AcknowledgedRevision[]): { missing: AcknowledgedRevision[]; integrity: string } {
  const db = openDatabase(database);
  try {
    const byId = db.prepare('SELECT item_id AS itemId, class_id AS classId, payload, source FROM label_revisions WHERE id = ?');
    const missing = acknowledged.filter((a) => {
      const row = byId.get(a.revisionId) as { itemId: number; classId: number; payload: string; source: string } | undefined;
      return !row || row.itemId !== a.itemId || row.classId !== a.classId || row.payload !== a.payload || row.source !== 'human';
    });
    // PostgreSQL keeps its own consistency (a crashed Loupe cannot tear its pages); SQLite's file is checked.
    const integrity = engineOf(db) === 'postgres' ? 'ok' : ((db as Database.Database).pragma('integrity_check', { simple: true }) as string);
    return { missing, integrity };
  } finally {
    db.close();
  }
}
