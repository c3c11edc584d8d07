// Label saves the way a workstation makes them: each based on the revision the client last knew for the class (or
// slice). A save refused as a conflict rebases on the revision the conflict names and is sent again, as a person
// who keeps their own labels after seeing theirs would. Used by the save bursts and the team load test.
import { callServe, type ServeChild } from './serve';

type Base = number | 'none';
type Theirs = { itemId: number; classId: number; revisionId: number | null };
type Served = Pick<ServeChild, 'origin' | 'token'>;

/** The revision each client last knew per item and class. */
export class KnownBases {
  private readonly bases = new Map<string, Base>();
  get(itemId: number, classId: number): Base {
    return this.bases.get(`${itemId}:${classId}`) ?? 'none';
  }
  set(itemId: number, classId: number, base: Base): void {
    this.bases.set(`${itemId}:${classId}`, base);
  }
  learn(theirs: readonly Theirs[]): void {
    for (const t of theirs) this.set(t.itemId, t.classId, t.revisionId ?? 'none');
  }
}

type Reply<T> = Awaited<ReturnType<typeof callServe<T>>> & { error?: { conflict?: { theirs: Theirs[] } } };

/** Sends a save built from the known bases until it is not a conflict (at most `tries`); the reply and the conflicts met. */
async function untilNoConflict<T>(served: Served, name: string, build: () => unknown, bases: KnownBases, tries: number): Promise<{ reply: Reply<T>; conflicts: number }> {
  let conflicts = 0;
  for (;;) {
    const reply = (await callServe<T>(served, name, build())) as Reply<T>;
    const theirs = reply.ok ? undefined : reply.error?.conflict?.theirs;
    if (!theirs || ++conflicts >= tries) return { reply, conflicts };
    bases.learn(theirs);
  }
}

export async function saveSteelMask(served: Served, bases: KnownBases, itemId: number, classId: number, rle: string, tries = 20) {
  const { reply, conflicts } = await untilNoConflict<{ saved: { classId: number; revisionId: number }[] }>(
    served,
    'steel.save',
    () => ({ itemId, classes: [{ classId, rle, base: bases.get(itemId, classId) }] }),
    bases,
    tries,
  );
  if (reply.ok) for (const s of reply.value.saved) bases.set(itemId, s.classId, s.revisionId);
  return { reply, conflicts };
}

export async function saveCtLabels(served: Served, bases: KnownBases, changes: readonly { itemId: number; bits: number }[], tries = 20) {
  const { reply, conflicts } = await untilNoConflict<{ revisionIds: number[] }>(
    served,
    'ct.saveLabels',
    () => ({ changes: changes.map((c) => ({ ...c, base: bases.get(c.itemId, 0) })) }),
    bases,
    tries,
  );
  // One revision per slice, in the order the slices were first given.
  if (reply.ok) [...new Set(changes.map((c) => c.itemId))].forEach((itemId, k) => bases.set(itemId, 0, reply.value.revisionIds[k]));
  return { reply, conflicts };
}
