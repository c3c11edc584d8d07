// The open item's review over a fake api client: a review key pressed while the next item's details are on their
// way (J, then A at once) is set on the item moved to, never on the one still on screen; N pressed again at once
// moves on from the item moved to.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';

const calls = vi.hoisted(() => [] as { name: string; args: Record<string, unknown> }[]);
const held = vi.hoisted(() => new Map<number, () => void>());

vi.mock('../api/client', () => ({
  api: {
    request: (name: string, args: Record<string, unknown>) => {
      calls.push({ name, args });
      if (name === 'reviews.set') return Promise.resolve({ reviewInfo: { state: args.state, by: 'tester', at: 1, note: null } });
      const itemId = args.itemId as number;
      const detail = { id: itemId, review: 'unreviewed', reviewInfo: null };
      // Details of a held item come only when the test lets them go.
      return new Promise((resolve) => held.set(itemId, () => resolve(detail)));
    },
  },
}));

const { useViewer } = await import('./viewer');

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
  held.clear();
});

describe('the viewer store', () => {
  it('sets a review on the item whose details are on their way, not on the one still shown', async () => {
    const viewer = useViewer();
    const first = viewer.load(1);
    held.get(1)!();
    await first;
    expect(viewer.item?.id).toBe(1);

    const second = viewer.load(2);
    const review = viewer.setReview('approved');
    await Promise.resolve();
    expect(calls.filter((c) => c.name === 'reviews.set')).toEqual([]); // nothing is sent while item 2 is coming
    held.get(2)!();
    await second;
    expect(await review).toBe(true);
    expect(calls.filter((c) => c.name === 'reviews.set').map((c) => c.args.itemId)).toEqual([2]);
    expect(viewer.item).toMatchObject({ id: 2, review: 'approved' });
  });

  it('answers which item is open with the one moved to, once its details are here (N pressed twice at once)', async () => {
    const viewer = useViewer();
    const first = viewer.load(1);
    held.get(1)!();
    await first;
    viewer.load(2);
    const open = viewer.opened();
    let answered = false;
    void open.then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(false); // item 1 is still shown, but the address says 2
    held.get(2)!();
    expect((await open)?.id).toBe(2);
  });
});
