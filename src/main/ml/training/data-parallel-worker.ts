// A data-parallel shard (see data-parallel.ts): a replica of the model on its own TensorFlow.js, which each step
// takes the trainer's weights and its part of the batch and sends back its part of the gradient.
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../backend/backend-chain';
import { shardLoss, trainableVariables } from './data-parallel';
import { SumsExchange, type ShardResult, type ShardStart, type ShardStep } from './data-parallel-exchange';

let model: tf.LayersModel | null = null;
let exchange: SumsExchange | null = null;
let shard = 0;

function step(message: ShardStep): ShardResult {
  const m = model!;
  m.getWeights().forEach((w, i) => {
    if (w.size !== message.weights[i].length) throw new Error('the replica does not match the trainer’s model');
  });
  tf.tidy(() => m.setWeights(message.weights.map((w, i) => tf.tensor(w, m.getWeights()[i].shape))));
  const variables = trainableVariables(m);
  const { value, grads } = tf.tidy(() => {
    const [x, y, p] = [message.x, message.y, message.presence].map((v) => tf.tensor(v.data, v.shape));
    return tf.variableGrads(() => shardLoss(m, exchange!, shard, message.generation, x as tf.Tensor4D, y as tf.Tensor4D, p as tf.Tensor2D), variables);
  });
  value.dispose();
  const out = variables.map((v) => (grads[v.name].dataSync() as Float32Array).slice());
  tf.dispose(Object.values(grads));
  return { type: 'grads', grads: out };
}

parentPort!.on('message', async (message: ShardStart | ShardStep) => {
  try {
    if (message.type === 'start') {
      await selectBackend();
      model = await tf.models.modelFromJSON({ modelTopology: message.topology as Parameters<typeof tf.models.modelFromJSON>[0]['modelTopology'] });
      exchange = SumsExchange.of(message.buffer, message.shards);
      shard = message.shard;
      parentPort!.postMessage({ type: 'ready' });
    } else {
      const result = step(message);
      parentPort!.postMessage(result, result.grads.map((g) => g.buffer as ArrayBuffer));
    }
  } catch (error) {
    exchange?.fail();
    parentPort!.postMessage({ type: 'failed', message: (error as Error).message });
  }
});
