// An ONNX model with its card, ready to predict: the session is opened on the best provider, the card is checked
// against the model's declared inputs and outputs (a mismatch is refused before anything runs), batches are packed
// as the card says, and the outputs come back in Loupe's terms — steel: four probability maps per strip at the
// model's output resolution (and presence probabilities); CT: six probabilities per slice in CT_LABELS order.
// Whoever opens one releases it (release()) when the job ends; ONNX Runtime's memory is not garbage-collected.
import type * as Ort from 'onnxruntime-node';
import { basename } from 'node:path';
import { badInput } from '../../../shared/errors';
import type { CtOnnxCard, OnnxCard, SteelOnnxCard } from '../../../shared/ml/onnx-card';
import { checkOnnxCard, type OnnxModelIo, type OnnxRunPlan, type OnnxValueInfo } from '../../../shared/ml/onnx-card-check';
import { ctProbabilities, steelProbabilities, steelProbabilityMaps, type OutputTensor, type SteelProbabilities } from '../../../shared/ml/onnx-outputs';
import { packBatch, type PlanarImage } from '../../../shared/ml/preprocess';
import type { ProbabilityMap } from '../../../shared/ml/steel-postprocess';
import { createOnnxSession, loadOnnxRuntime, type OnnxProviderReport, type OnnxSessionOptions } from './runtime';

/** What the rest of the steel pipeline takes (the same shape as the built-in models' batch prediction). */
export interface SteelOnnxPrediction {
  /** Four maps (classes 1–4), row-major bytes p × 255 at the model's output resolution. */
  maps: ProbabilityMap[];
  presence: number[] | null;
}

let liveSessions = 0;

/** Sessions opened by OnnxModel and not yet released, in this process (for memory checks after jobs). */
export function liveOnnxSessions(): number {
  return liveSessions;
}

function ioOf(session: Ort.InferenceSession): OnnxModelIo {
  const info = (m: Ort.InferenceSession.ValueMetadata): OnnxValueInfo =>
    m.isTensor ? { name: m.name, isTensor: true, type: m.type, shape: m.shape } : { name: m.name, isTensor: false };
  return { inputs: session.inputMetadata.map(info), outputs: session.outputMetadata.map(info) };
}

/** Opens a session on an ONNX file (or its bytes); a model ONNX Runtime cannot load is refused with the file named. */
export async function openOnnxSession(
  model: string | Uint8Array,
  options: OnnxSessionOptions = {},
  label = typeof model === 'string' ? model : 'the ONNX model',
): Promise<{ session: Ort.InferenceSession; report: OnnxProviderReport }> {
  try {
    const opened = await createOnnxSession(model, options);
    liveSessions++;
    return opened;
  } catch (error) {
    throw badInput(`${label}: not a model ONNX Runtime can load (${(error as Error).message})`);
  }
}

/** Releases a session opened by openOnnxSession. */
export async function releaseOnnxSession(session: Ort.InferenceSession): Promise<void> {
  liveSessions--;
  await session.release();
}

/** The inputs and outputs an ONNX file declares (for an import dialog): opens a CPU session and releases it. */
export async function inspectOnnxModel(file: string): Promise<OnnxModelIo> {
  const { session } = await openOnnxSession(file, { startAt: 'cpu' });
  try {
    return ioOf(session);
  } finally {
    await releaseOnnxSession(session);
  }
}

export class OnnxModel {
  private session: Ort.InferenceSession | null;

  private constructor(
    readonly file: string,
    readonly card: OnnxCard,
    readonly io: OnnxModelIo,
    readonly plan: OnnxRunPlan,
    readonly provider: OnnxProviderReport,
    session: Ort.InferenceSession,
  ) {
    this.session = session;
  }

  /** Opens `file` and checks `card` against it; refuses (bad_input, the file named) a model the card does not fit. */
  static async open(file: string, card: OnnxCard, options: OnnxSessionOptions = {}): Promise<OnnxModel> {
    const { session, report } = await openOnnxSession(file, options);
    const io = ioOf(session);
    const { problems, plan } = checkOnnxCard(card, io);
    if (problems.length) {
      await releaseOnnxSession(session);
      throw badInput(`${file}: the ${card.task} card${card.name ? ` "${card.name}"` : ''} does not fit this model: ${problems.join('; ')}`);
    }
    return new OnnxModel(file, card, io, plan, report, session);
  }

  /** The most items one run takes (the model's fixed batch), or null for any number. */
  get fixedBatch(): number | null {
    return this.plan.fixedBatch;
  }

  get released(): boolean {
    return this.session === null;
  }

  /** Runs images of one size (at most fixedBatch of them) and hands back the card's outputs, in plan order. */
  async run(images: readonly PlanarImage[]): Promise<OutputTensor[]> {
    const session = this.session;
    if (!session) throw new Error(`${basename(this.file)}: the ONNX session was released`);
    const limit = this.plan.fixedBatch;
    if (limit !== null && images.length > limit) throw new RangeError(`${basename(this.file)} takes batches of ${limit}, not ${images.length}`);
    const ort = await loadOnnxRuntime();
    const { data, dims } = packBatch(images, this.card.input, limit ?? images.length);
    const input = new ort.Tensor('float32', data, dims);
    let results: Ort.InferenceSession.ReturnType;
    try {
      results = await session.run({ [this.card.input.name]: input }, this.plan.outputNames);
    } catch (error) {
      throw new Error(`${this.file}: the model did not run on a ${dims.join('×')} input (${(error as Error).message.split('\n')[0]})`);
    } finally {
      input.dispose();
    }
    return this.plan.outputNames.map((name) => {
      const tensor = results[name] as Ort.Tensor;
      if (tensor.type !== 'float32') throw new Error(`${this.file}: output "${name}" came back as ${tensor.type}, not float32`);
      const out = { name, data: tensor.data as Float32Array, dims: tensor.dims };
      tensor.dispose();
      return out;
    });
  }

  /** Runs any number of images in chunks the model takes (each chunk one size). */
  private async runAll<T>(images: readonly PlanarImage[], read: (outputs: OutputTensor[], items: number) => T[]): Promise<T[]> {
    const chunk = this.plan.fixedBatch ?? Math.max(1, images.length);
    const results: T[] = [];
    for (let start = 0; start < images.length; ) {
      const { width, height } = images[start];
      let end = start + 1;
      while (end < images.length && end - start < chunk && images[end].width === width && images[end].height === height) end++;
      const batch = images.slice(start, end);
      results.push(...read(await this.run(batch), batch.length));
      start = end;
    }
    return results;
  }

  private steelCard(): SteelOnnxCard {
    if (this.card.task !== 'steel') throw new Error(`${basename(this.file)} is a ${this.card.task} model, not a steel one`);
    return this.card;
  }

  private ctCard(): CtOnnxCard {
    if (this.card.task !== 'ct') throw new Error(`${basename(this.file)} is a ${this.card.task} model, not a CT one`);
    return this.card;
  }

  /** Steel: the four class probability maps (floats) and presence probabilities per strip. */
  async predictSteelProbabilities(images: readonly PlanarImage[]): Promise<SteelProbabilities[]> {
    const card = this.steelCard();
    return this.runAll(images, ([masks, presence], items) => steelProbabilities(card, masks, presence ?? null, items));
  }

  /** Steel: maps as bytes, as the rest of the pipeline keeps them. */
  async predictSteel(images: readonly PlanarImage[]): Promise<SteelOnnxPrediction[]> {
    return (await this.predictSteelProbabilities(images)).map((p) => ({ maps: steelProbabilityMaps(p), presence: p.presence }));
  }

  /** CT: six probabilities per slice in CT_LABELS order, as the model gives them (`any` derived only when absent). */
  async predictCt(images: readonly PlanarImage[]): Promise<number[][]> {
    const card = this.ctCard();
    return this.runAll(images, ([labels], items) => ctProbabilities(card, labels, items));
  }

  /** Frees the session's native memory; later runs fail. Safe to call twice. */
  async release(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = null;
    await releaseOnnxSession(session);
  }
}
