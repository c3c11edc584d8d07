// Averaged versions: an ensemble of registered versions of one task — TensorFlow.js and ONNX together — each with
// its weight and TTA set, registered as a version of its own (modelFormat "ensemble": a folder holding only its
// card, which lists the members' folders). It predicts, is scored, compared, activated and rolled back like any
// version; its post-processing (the first member's, at first) applies once, to the weighted average.
// Versions that cannot be averaged are refused before anything is written (ensemble.ts says which and why).
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { LoupeError, badInput } from '../../../shared/errors';
import { isSequenceCard } from '../../../shared/ml/ct-sequence-card';
import { ensembleCard, ensembleProblem, normalisedWeights, type EnsembleMember } from '../../../shared/ml/ensemble';
import { ttaSetOf, type TtaSet } from '../../../shared/ml/tta';
import { writeCard } from '../../ml/model-check';
import { VERSION_PATTERN, type ModelService, type ModelVersion } from './models';

export interface AverageOptions {
  /** The new version's name. */
  name: string;
  /** One weight per version (normalised to sum to one); equal when left out. */
  weights?: readonly number[];
  /** One TTA set per version; each version's card's set when left out. */
  tta?: readonly TtaSet[];
  activate?: boolean;
}

export class EnsembleService {
  constructor(private readonly models: ModelService) {}

  /** Registers an average of `versions` as the version `options.name`. */
  average(versions: readonly string[], options: AverageOptions): ModelVersion {
    const name = options.name;
    if (!VERSION_PATTERN.test(name)) throw badInput(`model version "${name}": use letters, digits, '.', '_' or '-' (up to 64)`);
    if (this.models.has(name)) throw new LoupeError('conflict', `model version "${name}" exists already; choose another name`);
    const picked = versions.map((v) => this.models.get(v));
    const tta = options.tta ?? picked.map((v) => ttaSetOf(v.card.tta));
    if (tta.length !== picked.length) throw badInput(`${tta.length} TTA sets for ${picked.length} versions: give one for all, or one per version`);
    const problem = ensembleProblem(picked.map((v, i) => ({ version: v.version, task: v.task, modelFormat: v.card.modelFormat, classNames: v.card.classNames, tta: tta[i], sequence: isSequenceCard(v.card) })));
    if (problem) throw badInput(problem);
    const weights = normalisedWeights(options.weights ?? picked.map(() => 1), picked.length);
    if (weights.some((w) => w === 0)) throw badInput(`a member needs a weight above 0: leave ${picked[weights.indexOf(0)].version} out instead`);
    const members: EnsembleMember[] = picked.map((v, i) => ({ version: v.version, dir: v.path, weight: weights[i], tta: tta[i] }));
    const card = ensembleCard(picked[0].card, members, name);
    const target = this.models.folderFor(name);
    if (existsSync(target)) throw new LoupeError('conflict', `${target} exists already; move it away or choose another name`);
    const partial = `${target}.partial-${process.pid}`;
    try {
      mkdirSync(partial, { recursive: true });
      writeCard(partial, card);
      renameSync(partial, target);
      const registered = this.models.register({
        version: name,
        task: picked[0].task,
        architecture: 'ensemble',
        parentVersion: null,
        path: target,
        card,
        trainingSnapshot: { averageOf: members.map((m) => ({ version: m.version, weight: m.weight, tta: m.tta })) },
      });
      return options.activate ? this.models.activate(name) : registered;
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!this.models.has(name)) rmSync(target, { recursive: true, force: true });
      throw error;
    }
  }
}
