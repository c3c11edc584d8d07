// loupe doctor [--backend <name>] [--json]: which TensorFlow.js backend and which ONNX Runtime provider run, why each
// faster one did not.
import { Command, Option } from 'commander';
import { BACKEND_CHAIN, type MlBackendName } from '../../ml/backend/backend-names';
import { printResult } from '../output';

interface DoctorFlags {
  backend?: MlBackendName;
  json?: boolean;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('which TensorFlow.js backend runs models here (tfjs-node-gpu → tfjs-node → wasm → cpu) and why the faster ones did not load')
    .addOption(new Option('--backend <name>', 'start the chain at this backend (as LOUPE_ML_BACKEND does)').choices([...BACKEND_CHAIN]))
    .option('--json', 'machine-readable output')
    .action(async (flags: DoctorFlags) => {
      const [{ runDoctor }, { defaultStarterDir }] = await Promise.all([import('../../ml/doctor'), import('../../services/models/models-folders')]);
      const report = await runDoctor(process.env.LOUPE_STARTER_MODELS ?? defaultStarterDir(), { startAt: flags.backend });
      printResult(flags, report, () =>
        [
          `Models run on: ${report.backend.description}`,
          ...report.backend.attempts.map((a) => `  ${a.loaded ? '✓' : '✗'} ${a.backend.padEnd(15)} ${a.module}${a.reason ? `: ${a.reason}` : ''}`),
          ...(report.backend.wasm?.threadsNote ? [`  note: ${report.backend.wasm.threadsNote}`] : []),
          `ONNX models run on: ${report.onnx.report?.description ?? 'nothing (onnxruntime-node does not load)'}`,
          ...(report.onnx.report?.attempts ?? []).map((a) => `  ${a.loaded ? '✓' : '✗'} ${a.provider.padEnd(15)} onnxruntime-node${a.reason ? `: ${a.reason}` : ''}`),
          `Node ${report.node} on ${report.platform}, ${report.cpu.cores} × ${report.cpu.model}`,
          ...report.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`),
        ].join('\n'),
      );
      if (report.checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}
