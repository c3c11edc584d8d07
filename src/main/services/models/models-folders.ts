// Model folders in and out of the registry: import a TensorFlow.js layers or graph model folder with its
// card (how a user brings a model converted from Keras or PyTorch), import an ONNX file with its ONNX card (how a
// PyTorch model usually leaves PyTorch), export a version, and install the starter models shipped in
// resources/models on first use. A refused folder or file leaves the registry and the models folder unchanged.
import { SEQUENCE_CNN_FOLDER, isSequenceCard } from '../../../shared/ml/ct-sequence-card';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { LoupeError, badInput } from '../../../shared/errors';
import type { ModelCard, ModelTask } from '../../../shared/ml/model-card';
import type { OnnxCard } from '../../../shared/ml/onnx-card';
import { draftOnnxCard, type OnnxCardDraft } from '../../../shared/ml/onnx-card-draft';
import type { OnnxModelIo } from '../../../shared/ml/onnx-card-check';
import { modelCardFromOnnx, onnxCardOfVersion } from '../../../shared/ml/onnx-version-card';
import { CARD_JSON, checkModelFolder, writeCard } from '../../ml/model-check';
import { inspectOnnxModel } from '../../ml/onnx/onnx-model';
import { ONNX_MODEL_FILE, checkOnnxFile, isOnnxFolder } from '../../ml/onnx/onnx-folder';
import type { ModelService, ModelVersion } from './models';
import { VERSION_PATTERN } from './models';

export interface ImportOptions {
  /** The version name (default: the card's name when it is free and valid, else `<task>-<n>`). */
  version?: string;
  activate?: boolean;
  parentVersion?: string | null;
}

/** Starter model folders: resources/models/<task>-starter. */
export const STARTER_VERSION: Record<ModelTask, string> = { steel: 'steel-starter', ct: 'ct-starter' };

export class ModelFolders {
  constructor(
    private readonly models: ModelService,
    /** Where the starter models are shipped (resources/models). */
    private readonly starterDir: string,
  ) {}

  /** Checks a model folder, copies it into the models directory and registers it. */
  importFolder(dir: string, options: ImportOptions = {}): ModelVersion {
    const source = resolve(dir);
    const checked = checkModelFolder(source);
    const card = checked.card;
    // A sequence version predicts with the CNN it keeps beside it: a folder without that CNN cannot run.
    if (isSequenceCard(card)) checkModelFolder(join(source, SEQUENCE_CNN_FOLDER));
    const version = options.version ?? this.defaultVersion(card);
    if (!VERSION_PATTERN.test(version)) throw badInput(`model version "${version}": use letters, digits, '.', '_' or '-' (up to 64)`);
    if (this.models.has(version)) throw new LoupeError('conflict', `model version "${version}" exists already; choose another --version`);
    const target = this.models.folderFor(version);
    if (existsSync(target)) throw new LoupeError('conflict', `${target} exists already; move it away or choose another version`);
    const partial = `${target}.partial-${process.pid}`;
    try {
      mkdirSync(this.models.modelsDir, { recursive: true });
      rmSync(partial, { recursive: true, force: true });
      mkdirSync(partial);
      for (const file of ['model.json', CARD_JSON, ...checked.weightFiles]) cpSync(join(source, file), join(partial, file));
      if (isSequenceCard(card)) cpSync(join(source, SEQUENCE_CNN_FOLDER), join(partial, SEQUENCE_CNN_FOLDER), { recursive: true });
      renameSync(partial, target);
      const registered = this.models.register({
        version,
        task: card.task,
        architecture: card.architecture,
        parentVersion: options.parentVersion ?? null,
        path: target,
        card: { ...card, provenance: undefined } as ModelCard,
        trainingSnapshot: { importedFrom: source },
        metrics: (card.provenance?.metrics as Record<string, unknown> | undefined) ?? {},
      });
      return options.activate ? this.models.activate(version) : registered;
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!this.models.has(version)) rmSync(target, { recursive: true, force: true });
      throw error;
    }
  }

  /** What an ONNX file declares (inputs, outputs) and a first card for `task` drafted from it, for the import dialog. */
  async inspectOnnx(file: string, task: ModelTask): Promise<{ file: string; io: OnnxModelIo; draft: OnnxCardDraft }> {
    const source = resolve(file);
    if (!existsSync(source)) throw badInput(`${file}: no such ONNX file`);
    const io = await inspectOnnxModel(source);
    return { file: source, io, draft: draftOnnxCard(io, task, basename(source).replace(/\.onnx$/i, '')) };
  }

  /**
   * Checks an ONNX file against its card (it opens in ONNX Runtime; names and shapes agree), then copies it into
   * the models directory (a temporary folder renamed into place) and registers it as a version (modelFormat "onnx").
   */
  async importOnnx(file: string, task: ModelTask, onnx: OnnxCard, options: ImportOptions = {}): Promise<ModelVersion> {
    const source = resolve(file);
    await checkOnnxFile(source, onnx, task);
    const card = modelCardFromOnnx(onnx);
    const version = options.version ?? this.defaultVersion(card);
    if (!VERSION_PATTERN.test(version)) throw badInput(`model version "${version}": use letters, digits, '.', '_' or '-' (up to 64)`);
    if (this.models.has(version)) throw new LoupeError('conflict', `model version "${version}" exists already; choose another version name`);
    const target = this.models.folderFor(version);
    if (existsSync(target)) throw new LoupeError('conflict', `${target} exists already; move it away or choose another version`);
    const partial = `${target}.partial-${process.pid}`;
    try {
      mkdirSync(this.models.modelsDir, { recursive: true });
      rmSync(partial, { recursive: true, force: true });
      mkdirSync(partial);
      cpSync(source, join(partial, ONNX_MODEL_FILE));
      writeCard(partial, card);
      renameSync(partial, target);
      const registered = this.models.register({
        version,
        task,
        architecture: card.architecture,
        parentVersion: options.parentVersion ?? null,
        path: target,
        card,
        trainingSnapshot: { importedFrom: source, format: 'onnx' },
      });
      return options.activate ? this.models.activate(version) : registered;
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!this.models.has(version)) rmSync(target, { recursive: true, force: true });
      throw error;
    }
  }

  /** Writes a version's folder (model, weights, card with its provenance) to `outDir`, which must be new or empty. */
  exportVersion(version: string, outDir: string): { out: string; files: string[] } {
    const model = this.models.get(version);
    const out = resolve(outDir);
    if (existsSync(out) && readdirSync(out).length > 0) throw new LoupeError('conflict', `${outDir} is not empty; export into a new folder`);
    if (model.card.modelFormat === 'ensemble') throw badInput(`${version} is an ensemble (an average of other versions' files); export its members instead`);
    if (model.card.modelFormat === 'onnx' || isOnnxFolder(model.path)) {
      // model.onnx with model.card.json beside it: what `loupe models --import` takes back.
      mkdirSync(out, { recursive: true });
      cpSync(join(model.path, ONNX_MODEL_FILE), join(out, ONNX_MODEL_FILE));
      const cardFile = ONNX_MODEL_FILE.replace(/\.onnx$/, '.card.json');
      writeFileSync(join(out, cardFile), `${JSON.stringify({ ...onnxCardOfVersion(model.card), name: model.version }, null, 2)}\n`);
      return { out, files: [ONNX_MODEL_FILE, cardFile] };
    }
    const checked = checkModelFolder(model.path);
    mkdirSync(out, { recursive: true });
    const files = ['model.json', ...checked.weightFiles];
    for (const file of files) cpSync(join(model.path, file), join(out, file));
    if (isSequenceCard(model.card)) {
      cpSync(join(model.path, SEQUENCE_CNN_FOLDER), join(out, SEQUENCE_CNN_FOLDER), { recursive: true });
      files.push(`${SEQUENCE_CNN_FOLDER}/`);
    }
    writeCard(out, {
      ...model.card,
      name: model.version,
      provenance: {
        version: model.version,
        parent: model.parentVersion,
        createdAt: model.createdAt,
        metrics: model.metrics,
        trainedOn: model.trainingSnapshot,
      },
    });
    return { out, files: [...files, CARD_JSON] };
  }

  /** The active version of a task; on a store with no model of that task yet, the starter model, installed and activated. */
  activeOrStarter(task: ModelTask): ModelVersion {
    const active = this.models.active(task);
    if (active) return active;
    if (this.models.list(task).length > 0) {
      throw new LoupeError('conflict', `no ${task} model is active; activate one (loupe models --activate <version>)`);
    }
    const starter = join(this.starterDir, STARTER_VERSION[task]);
    if (!existsSync(starter)) throw new LoupeError('not_found', `no ${task} model yet and no starter model at ${starter}; import or train one`);
    return this.importFolder(starter, { version: STARTER_VERSION[task], activate: true });
  }

  private defaultVersion(card: ModelCard): string {
    const name = card.name?.trim();
    if (name && VERSION_PATTERN.test(name) && !this.models.has(name) && !existsSync(this.models.folderFor(name))) return name;
    return this.models.nextVersion(card.task);
  }
}

/** resources/models of this checkout (a packaged app passes its own resources path). */
export function defaultStarterDir(): string {
  // From src/main/services/models in a checkout, or from the CLI bundle in out/cli.
  const candidates = [resolve(import.meta.dirname, '../../../../resources/models'), resolve(import.meta.dirname, '../../resources/models')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}

