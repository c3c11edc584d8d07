// loupe worker --db postgres://… [--gpu] [--concurrency <n>] [--models-dir <dir>]: runs the training and
// pre-annotation jobs that workstations submit to a team database, on this machine's best backend, until
// Ctrl+C (or SIGTERM). See services/jobs/gpu-worker.ts.
import { Command } from 'commander';
import { badInput } from '../../../shared/errors';

interface WorkerFlags {
  db: string;
  gpu?: boolean;
  concurrency: string;
  modelsDir?: string;
}

export function workerCommand(): Command {
  return new Command('worker')
    .description('run the training and pre-annotation jobs workstations submit to a team database (loupe serve --jobs-on-worker), on this machine')
    .requiredOption('--db <url>', 'the team database (postgres://…)')
    .option('--gpu', 'refuse to start unless TensorFlow.js (tfjs-node-gpu) and ONNX Runtime (CUDA provider) both run on CUDA here')
    .option('--concurrency <n>', 'jobs run at once', '1')
    .option('--models-dir <dir>', 'where model versions are kept: a folder every workstation reads too (default: LOUPE_MODELS_DIR)')
    .action(async (flags: WorkerFlags) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw badInput(`--concurrency must be a whole number from 1, not "${flags.concurrency}"`);
      const [{ isPostgresUrl }, { createServices }, { GpuWorker }, { gpuShortfalls }, { probeOnnxProviders }] = await Promise.all([
        import('../../db/store'),
        import('../../composition'),
        import('../../services/jobs/gpu-worker'),
        import('../../../shared/ml/gpu-requirement'),
        import('../../ml/onnx/probe'),
      ]);
      if (!isPostgresUrl(flags.db)) throw badInput(`--db must be a team database (postgres://…), not "${flags.db}": a worker takes its jobs from PostgreSQL`);
      const services = createServices(flags.db, undefined, flags.modelsDir ? { modelsDir: flags.modelsDir } : {});
      const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      try {
        const [backend, onnx] = await Promise.all([services.modelJobs.backend(), probeOnnxProviders()]);
        log(`models run on ${backend.description}; ONNX models on ${onnx.report?.description ?? 'nothing (onnxruntime-node does not load)'}`);
        if (flags.gpu) {
          const problems = gpuShortfalls({
            tensorflow: { backend: backend.backend, attempts: backend.attempts.map((a) => ({ name: a.backend, loaded: a.loaded, reason: a.reason })) },
            onnx: { provider: onnx.report?.provider ?? null, attempts: (onnx.report?.attempts ?? []).map((a) => ({ name: a.provider, loaded: a.loaded, reason: a.reason })), detail: onnx.detail },
          });
          if (problems.length) throw new Error(`--gpu: this machine does not run models on CUDA: ${problems.join('; ')}`);
        }
        const worker = new GpuWorker({ url: flags.db, services, concurrency, log });
        await worker.start();
        process.stdout.write(`worker ready: taking jobs from the team database\n`);
        await new Promise<void>((stop) => {
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        log('stopping: running jobs are cancelled');
        await worker.stop();
      } finally {
        await Promise.all([services.modelJobs.close(), services.jobs.settle()]);
        services.close();
      }
    });
}
