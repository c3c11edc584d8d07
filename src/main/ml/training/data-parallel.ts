// One steel training step spread over threads: the batch is cut into shards, this thread computes the gradient of
// the first and each worker thread (a replica of the model, given this thread's weights every step) that of
// another, and the gradients are added before one optimizer update — the same step as on one thread, since
// TensorFlow.js's wasm backend in Node runs on one thread only.
//
// steelLoss is not a mean of per-image terms (its Dice is over the whole batch), so the shards first exchange their
// batch sums through shared memory (a barrier inside the loss), and each differentiates the whole batch's loss with
// the others' sums as constants (steelLossSharded): the parts then add up to the whole batch's gradient exactly.
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { steelLossSharded, steelLossSums, type SteelLossSums } from './losses';
import { SumsExchange, type ShardStep, type ShardResult, type ShardStart } from './data-parallel-exchange';

/** The shard worker's entry: beside this source (tsx), or beside the bundle's entries (this module may sit in chunks/). */
export const DEFAULT_SHARD_WORKER = import.meta.url.endsWith('.ts')
  ? new URL('./data-parallel-worker.mjs', import.meta.url)
  : (['./data-parallel-worker.js', '../data-parallel-worker.js'].map((p) => new URL(p, import.meta.url)).find((u) => existsSync(fileURLToPath(u))) ??
    new URL('./data-parallel-worker.js', import.meta.url));

/** The loss of one shard (this thread's or a worker's), meeting the other shards at the barrier. */
export function shardLoss(
  model: tf.LayersModel, exchange: SumsExchange, shard: number, generation: number, x: tf.Tensor4D, y: tf.Tensor4D, presenceTarget: tf.Tensor2D,
): tf.Scalar {
  const out = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
  const [masks, presence] = Array.isArray(out) ? out : [out];
  const own = steelLossSums(masks, y, presence ?? null, presenceTarget);
  const others = exchange.meet(shard, generation, own);
  return steelLossSharded(masks, y, presence ?? null, presenceTarget, others);
}

/** The trainable variables in the model's own order (the same order in every replica). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

export class DataParallelSteelTrainer {
  private generation = 0;
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly workers: Worker[],
    private readonly exchange: SumsExchange,
  ) {}

  /** Starts `workers` replicas of the model (each a worker thread with its own TensorFlow.js). */
  static async start(model: tf.LayersModel, workers = 1, workerFile: URL = DEFAULT_SHARD_WORKER): Promise<DataParallelSteelTrainer> {
    const exchange = SumsExchange.create(workers + 1);
    const topology = model.toJSON(null, false);
    // No inherited flags: a process started with --input-type (a bench's `node -e`) would make a worker file fail.
    const started = Array.from({ length: workers }, () => new Worker(workerFile, { execArgv: [] }));
    try {
      await Promise.all(
        started.map(
          (worker, i) =>
            new Promise<void>((resolve, reject) => {
              worker.once('error', reject);
              worker.once('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(m.message))));
              worker.postMessage({ type: 'start', topology, buffer: exchange.buffer, shards: workers + 1, shard: i + 1 } satisfies ShardStart);
            }),
        ),
      );
    } catch (error) {
      await Promise.all(started.map((w) => w.terminate()));
      throw error;
    }
    return new DataParallelSteelTrainer(model, started, exchange);
  }

  /** The whole batch's loss and gradient (by this model's variable names), computed over the shards. */
  async computeGradients(x: tf.Tensor4D, y: tf.Tensor4D, presenceTarget: tf.Tensor2D): Promise<{ loss: number; grads: tf.NamedTensorMap }> {
    const generation = ++this.generation;
    const shards = this.workers.length + 1;
    const size = x.shape[0];
    if (size < shards) throw new Error(`a batch of ${size} cannot be cut into ${shards} shards`);
    const cuts = Array.from({ length: shards + 1 }, (_, s) => Math.round((s * size) / shards));
    const part = <T extends tf.Tensor>(t: T, s: number) => tf.slice(t, cuts[s], cuts[s + 1] - cuts[s]) as T;
    const weights = this.model.getWeights().map((w) => w.dataSync() as Float32Array);
    const replies = this.workers.map((worker, i) => {
      const s = i + 1;
      const values = tf.tidy(() => [part(x, s), part(y, s), part(presenceTarget, s)].map((t) => ({ data: t.dataSync() as Float32Array, shape: t.shape })));
      const reply = new Promise<ShardResult>((resolve, reject) => {
        worker.once('message', (m: ShardResult | { type: 'failed'; message: string }) => (m.type === 'grads' ? resolve(m) : reject(new Error(m.message))));
      });
      worker.postMessage({ type: 'step', generation, weights, x: values[0], y: values[1], presence: values[2] } satisfies ShardStep);
      return reply;
    });
    const variables = trainableVariables(this.model);
    const own = tf.tidy(() => {
      const [xs, ys, ps] = [part(x, 0), part(y, 0), part(presenceTarget, 0)];
      return tf.variableGrads(() => shardLoss(this.model, this.exchange, 0, generation, xs, ys, ps), variables);
    });
    const results = await Promise.all(replies);
    const loss = own.value.dataSync()[0];
    own.value.dispose();
    const grads: tf.NamedTensorMap = {};
    variables.forEach((v, i) => {
      const mine = own.grads[v.name];
      grads[v.name] = tf.tidy(() => results.reduce((sum, r) => tf.add(sum, tf.tensor(r.grads[i], mine.shape)), mine as tf.Tensor));
      mine.dispose();
    });
    return { loss, grads };
  }

  /** One optimizer update with the whole batch's gradient; resolves with the batch's loss. */
  async step(optimizer: tf.Optimizer, x: tf.Tensor4D, y: tf.Tensor4D, presenceTarget: tf.Tensor2D): Promise<number> {
    const { loss, grads } = await this.computeGradients(x, y, presenceTarget);
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
    return loss;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }
}

export type { SteelLossSums };
