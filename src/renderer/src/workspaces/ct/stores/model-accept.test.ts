// The CT stores over a fake api client: the model's draft on unlabelled slices, edits that keep the model as
// origin, Accept model for a range (one request, the model's labels with the model as origin), Undo accept under
// the append-only rule, and approving a series the server refuses for its unlabelled slices.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import type { CtLabelChange, CtSeriesView, CtSliceRow } from '../../../../../shared/api/ct-types';
import { encodeSeriesOverview } from '../../../../../shared/ct-series-overview';

const calls = vi.hoisted(() => [] as { name: string; args: Record<string, unknown> }[]);
const replies = vi.hoisted(() => new Map<string, (args: Record<string, unknown>) => unknown>());

vi.mock('../../../api/client', () => {
  class ApiError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  }
  return {
    ApiError,
    api: {
      request: async (name: string, args: Record<string, unknown>) => {
        calls.push({ name, args });
        const reply = replies.get(name);
        if (!reply) throw new Error(`no fake reply for ${name}`);
        return reply(args);
      },
    },
  };
});

const { useCtSeries } = await import('./series');
const { useCtAccept } = await import('./model-accept');
const { useCtReview } = await import('./series-review');
const { useCtPrompt } = await import('./prompt');
const { ApiError } = await import('../../../api/client');

// Five slices: 0 labelled by truth (subdural), 1–3 unlabelled with predictions, 4 unlabelled and not predicted.
const SUBDURAL = 16;
const IPH = 2;
const yes = (bits: number) => [0, 1, 2, 3, 4].map((i) => ((bits >> i) & 1 ? 0.875 : 0.125)).concat([bits ? 0.875 : 0.125]);
const PROBABILITIES = [yes(0), yes(SUBDURAL), yes(0), yes(IPH), null];
const SAVED: (number | null)[] = [SUBDURAL, null, null, null, null];

function row(i: number): CtSliceRow {
  return {
    itemId: 100 + i,
    key: `ID_${i}`,
    index: i,
    position: i * 5,
    instanceNumber: i + 1,
    bits: SAVED[i],
    labelSource: SAVED[i] === null ? null : 'truth',
    labelAuthor: null,
    labelAt: null,
    labelOrigin: null,
    labelRevisionId: null,
    review: 'unreviewed',
    reviewInfo: { state: 'unreviewed', by: null, at: null, note: null },
    probabilities: PROBABILITIES[i],
  };
}

function seriesView(): CtSeriesView {
  const slices = SAVED.map((_, i) => row(i));
  return {
    datasetId: 1,
    datasetName: 'CT',
    patientId: 'P',
    studyUid: 'S',
    seriesUid: 'SER',
    studyDescription: '',
    seriesDescription: '',
    modality: 'CT',
    modelSource: 'model:ct-7',
    modelThresholds: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
    total: slices.length,
    offset: 0,
    slices,
    index: 0,
    overview: encodeSeriesOverview(slices.map((s) => ({ itemId: s.itemId, bits: s.bits, review: s.review, probabilities: s.probabilities }))),
  };
}

/** The changes each save sent, without the base revision each carries (the integration tests check those). */
const saves = () =>
  calls.filter((c) => c.name === 'ct.saveLabels').map((c) => (c.args.changes as (CtLabelChange & { base?: unknown })[]).map(({ base: _base, ...change }) => change as CtLabelChange));

beforeEach(async () => {
  setActivePinia(createPinia());
  calls.length = 0;
  replies.clear();
  replies.set('ct.series', () => seriesView());
  replies.set('ct.seriesTree', () => ({ datasetId: 1, patients: [], series: 1, slices: 5 }));
  replies.set('ct.saveLabels', (args) => ({ revisionIds: (args.changes as unknown[]).map((_, k) => k + 1), approvalsReset: [], author: 'Ada', savedAt: '2026-12-03T10:00:00Z' }));
  await useCtSeries().openSeries({ itemId: 100 });
});

describe("the model's draft in the series store", () => {
  it('shows the draft on unlabelled predicted slices only, and saves nothing by showing it', () => {
    const series = useCtSeries();
    expect(series.modelDraft).toEqual([null, SUBDURAL, 0, IPH, null]);
    expect(series.bits).toEqual([SUBDURAL, SUBDURAL, 0, IPH, null]);
    expect(series.draftShown).toEqual([false, true, true, true, false]);
    expect(saves()).toEqual([]);
  });

  it('keeps the model as the origin of an edit on a draft slice, and none on a labelled one', async () => {
    const series = useCtSeries();
    series.goTo(1);
    series.toggle('epidural');
    expect(series.edits.get(101)).toEqual({ bits: SUBDURAL | 1, origin: 'model:ct-7' });
    series.toggle('epidural'); // back to the draft: nothing left to save
    expect(series.edits.has(101)).toBe(false);
    await series.saveWithDraft(); // Ctrl+S on the untouched draft saves it as it is
    expect(saves()).toEqual([[{ itemId: 101, bits: SUBDURAL, origin: 'model:ct-7' }]]);
    series.goTo(0);
    series.toggle('epidural');
    await series.save();
    expect(saves()[1]).toEqual([{ itemId: 100, bits: SUBDURAL | 1 }]);
  });
});

describe('Accept model', () => {
  it("writes the model's labels on a range in one request, with the model as origin, leaving what it did not predict", async () => {
    await useCtAccept().acceptRange(1, 4);
    expect(saves()).toEqual([
      [
        { itemId: 101, bits: SUBDURAL, origin: 'model:ct-7' },
        { itemId: 102, bits: 0, origin: 'model:ct-7' },
        { itemId: 103, bits: IPH, origin: 'model:ct-7' },
      ],
    ]);
    expect(useCtAccept().last?.message).toBe("Accepted the model's labels on 3 slices (3 had no label) · 1 slice without a prediction left alone");
    expect(useCtSeries().draftShown).toEqual([false, false, false, false, false]);
  });

  it('asks before replacing a saved label the model disagrees with, and takes only the unlabelled ones when told', async () => {
    SAVED[0] = IPH; // the truth says IPH, the model says none
    try {
      await useCtSeries().reloadSeries();
      const accepting = useCtAccept().acceptRange(0, 2);
      await vi.waitFor(() => expect(useCtPrompt().open).not.toBeNull());
      expect(useCtPrompt().open!.prompt.message).toBe("The model's labels differ from the saved labels of 1 slice; 2 slices have no label yet.");
      useCtPrompt().answer({ choice: 'unlabelled', text: '' });
      await accepting;
      expect(saves()).toEqual([[{ itemId: 101, bits: SUBDURAL, origin: 'model:ct-7' }, { itemId: 102, bits: 0, origin: 'model:ct-7' }]]);
    } finally {
      SAVED[0] = SUBDURAL;
    }
  });

  it('undoes an accept: the earlier label back where there was one, and says which slices keep the model labels', async () => {
    SAVED[0] = IPH;
    try {
      await useCtSeries().reloadSeries();
      const accepting = useCtAccept().acceptRange(0, 1);
      await vi.waitFor(() => expect(useCtPrompt().open).not.toBeNull());
      useCtPrompt().answer({ choice: 'all', text: '' });
      await accepting;
      expect(saves()[0]).toEqual([{ itemId: 101, bits: SUBDURAL, origin: 'model:ct-7' }, { itemId: 100, bits: 0, origin: 'model:ct-7' }]);
      await useCtAccept().undo();
      expect(saves()[1]).toEqual([{ itemId: 100, bits: IPH }]);
      expect(useCtSeries().notice).toBe("Restored the earlier labels of 1 slice; 1 slice that had no label keeps the model's labels (a saved label is never deleted: change it, or flag it)");
      expect(useCtAccept().last).toBeNull();
    } finally {
      SAVED[0] = SUBDURAL;
    }
  });
});

describe('approving a series with unlabelled slices', () => {
  beforeEach(() => {
    let refused = false;
    replies.set('ct.reviewSeries', (args) => {
      if (args.state === 'approved' && args.unlabelled !== 'mark-none') {
        refused = true;
        throw new ApiError('conflict', '4 of the 5 slices of this series have no label');
      }
      return { seriesUid: 'SER', state: args.state, slices: 5, markedNone: refused && args.unlabelled === 'mark-none' ? 4 : 0 };
    });
  });

  it('approves nothing when the reader says No', async () => {
    const approving = useCtReview().reviewSeries('approved');
    await vi.waitFor(() => expect(useCtPrompt().open).not.toBeNull());
    expect(useCtPrompt().open!.prompt.message).toBe("4 slices have no label. Mark them 'none' and approve the series?");
    expect(useCtPrompt().open!.prompt.choices.map((c) => c.id)).toEqual(['accept-draft', 'mark-none', 'cancel']);
    useCtPrompt().answer({ choice: 'cancel', text: '' });
    await approving;
    expect(calls.filter((c) => c.name === 'ct.reviewSeries').map((c) => c.args.unlabelled)).toEqual(['refuse']);
    expect(useCtSeries().notice).toBe('Nothing approved: the series has slices with no label.');
  });

  it("marks them 'none' on Yes", async () => {
    const approving = useCtReview().reviewSeries('approved');
    await vi.waitFor(() => expect(useCtPrompt().open).not.toBeNull());
    useCtPrompt().answer({ choice: 'mark-none', text: '' });
    await approving;
    expect(calls.filter((c) => c.name === 'ct.reviewSeries').map((c) => c.args.unlabelled)).toEqual(['refuse', 'mark-none']);
    expect(saves()).toEqual([]);
    expect(useCtSeries().notice).toBe("Approved the series (5 slices); 4 unlabelled slices were marked 'none'");
  });

  it("accepts the model's draft where there is one first, and lets the approval mark the rest 'none'", async () => {
    const approving = useCtReview().reviewSeries('approved');
    await vi.waitFor(() => expect(useCtPrompt().open).not.toBeNull());
    useCtPrompt().answer({ choice: 'accept-draft', text: '' });
    await approving;
    await nextTick();
    expect(saves()).toEqual([
      [
        { itemId: 101, bits: SUBDURAL, origin: 'model:ct-7' },
        { itemId: 102, bits: 0, origin: 'model:ct-7' },
        { itemId: 103, bits: IPH, origin: 'model:ct-7' },
      ],
    ]);
    expect(calls.filter((c) => c.name === 'ct.reviewSeries').map((c) => c.args.unlabelled)).toEqual(['refuse', 'mark-none']);
  });
});

describe('a save that meets someone else’s labels', () => {
  const theirs = { itemId: 100, classId: 0, revisionId: 9, author: 'Ana', createdAt: '2026-12-03T09:59:00Z', payload: String(IPH) };
  const refuseOnce = () => {
    const accept = replies.get('ct.saveLabels')!;
    replies.set('ct.saveLabels', () => {
      replies.set('ct.saveLabels', accept);
      throw Object.assign(new Error('the labels of this slice were saved by someone else'), { conflict: { theirs: [theirs] } });
    });
  };
  const sent = () => calls.filter((c) => c.name === 'ct.saveLabels').map((c) => c.args.changes);

  it('keeps my edit, shows theirs, and "keep mine" saves it on top of their revision', async () => {
    const series = useCtSeries();
    series.goTo(0);
    series.toggle('epidural');
    refuseOnce();
    await series.save().catch(() => {});
    expect(series.conflict?.theirs).toEqual([theirs]);
    expect(series.edits.get(100)?.bits).toBe(SUBDURAL | 1);
    expect(series.error).toBeNull();
    await series.resolveConflict('mine');
    expect(sent().at(-1)).toEqual([{ itemId: 100, bits: SUBDURAL | 1, base: 9 }]);
    expect([series.conflict, series.edits.size]).toEqual([null, 0]);
  });

  it('"keep theirs" drops my edit of the slice and shows their labels', async () => {
    const series = useCtSeries();
    series.goTo(0);
    series.toggle('epidural');
    refuseOnce();
    await series.save().catch(() => {});
    const before = sent().length;
    await series.resolveConflict('theirs');
    expect(sent().length).toBe(before);
    expect(series.edits.size).toBe(0);
    expect(series.bits[0]).toBe(IPH);
  });
});
