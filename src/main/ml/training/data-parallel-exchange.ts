// The shared memory (two counters: arrivals, failed; then one slot per shard) the shards of a data-parallel step meet in: each writes its batch sums into its own slot, then
// waits (Atomics) until every shard of the same step has written, and reads the others' sums. Also the messages
// between the trainer and its worker threads.
import type { SteelLossSums } from './losses';

const CLASSES = 4;
/** Per shard: crossEntropy, pixels, presenceCrossEntropy, presenceCount, then intersection, maskSum, truth per class. */
const SLOT = 4 + 3 * CLASSES;

export class SumsExchange {
  private constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly shards: number,
  ) {}

  static create(shards: number): SumsExchange {
    return new SumsExchange(new SharedArrayBuffer(8 + shards * SLOT * 8), shards);
  }

  static of(buffer: SharedArrayBuffer, shards: number): SumsExchange {
    return new SumsExchange(buffer, shards);
  }

  /** Marks the step failed and wakes whoever waits (a shard that threw before it arrived). */
  fail(): void {
    const counter = new Int32Array(this.buffer, 0, 2);
    Atomics.store(counter, 1, 1);
    Atomics.notify(counter, 0);
  }

  /** Writes this shard's sums for step `generation` (1, 2, …), waits for the other shards', returns their total. */
  meet(shard: number, generation: number, own: SteelLossSums): SteelLossSums {
    if (own.intersection.length !== CLASSES) throw new Error(`the data-parallel step expects ${CLASSES} classes`);
    const counter = new Int32Array(this.buffer, 0, 2);
    const slots = new Float64Array(this.buffer, 8);
    slots.set([own.crossEntropy, own.pixels, own.presenceCrossEntropy, own.presenceCount, ...own.intersection, ...own.maskSum, ...own.truth], shard * SLOT);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
    // The counter only grows: step g is complete when every shard has arrived g times.
    for (let seen = Atomics.load(counter, 0); seen < generation * this.shards; seen = Atomics.load(counter, 0)) {
      if (Atomics.load(counter, 1)) throw new Error('another data-parallel shard failed');
      if (Atomics.wait(counter, 0, seen, 600_000) === 'timed-out') throw new Error('a data-parallel shard did not arrive within 10 minutes');
    }
    const total = new Float64Array(SLOT);
    for (let s = 0; s < this.shards; s++) if (s !== shard) for (let k = 0; k < SLOT; k++) total[k] += slots[s * SLOT + k];
    const per = (k: number) => Array.from(total.subarray(4 + k * CLASSES, 4 + (k + 1) * CLASSES));
    return { crossEntropy: total[0], pixels: total[1], presenceCrossEntropy: total[2], presenceCount: total[3], intersection: per(0), maskSum: per(1), truth: per(2) };
  }
}

export interface ShardStart {
  type: 'start';
  topology: unknown;
  buffer: SharedArrayBuffer;
  shards: number;
  shard: number;
}

interface Values {
  data: Float32Array;
  shape: number[];
}

export interface ShardStep {
  type: 'step';
  generation: number;
  /** The model's weights in getWeights() order. */
  weights: Float32Array[];
  x: Values;
  y: Values;
  presence: Values;
}

export interface ShardResult {
  type: 'grads';
  /** In the model's trainableWeights order. */
  grads: Float32Array[];
}
