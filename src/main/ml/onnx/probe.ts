// Which ONNX Runtime execution provider loads on this PC, proven by running the smallest model there is, for
// `loupe doctor` and the status bar: a provider that is present but cannot start (no GPU, a CUDA or cuDNN
// library missing) shows here with ONNX Runtime's own reason rather than when a user's model first runs.
import { openOnnxSession, releaseOnnxSession } from './onnx-model';
import { loadOnnxRuntime, type OnnxProviderReport, type OnnxSessionOptions } from './runtime';

/**
 * y = 2x on a float [1] (opset 13), as tests/fixtures/onnx/make-tiny-models.py exports it (probe.onnx there).
 * Kept inline so the product needs no model file to answer the question.
 */
const PROBE_MODEL_BASE64 =
  'CAcSB3B5dG9yY2gaBjEuMTMuMDqVAQo/EhIvQ29uc3RhbnRfb3V0cHV0XzAaCS9Db25zdGFudCIIQ29uc3RhbnQqFAoFdmFsdWUqCBABSgQAAABAoAEECiUKAXgKEi9Db25zdGFudF9vdXRwdXRfMBIBeRoEL011bCIDTXVsEgl0b3JjaF9qaXRaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgIQDQ==';

export interface OnnxProbe {
  /** The provider chain's outcome; absent when onnxruntime-node itself does not load. */
  report?: OnnxProviderReport;
  ok: boolean;
  detail: string;
}

/** Opens the probe model on the provider chain, runs it once and releases it. */
export async function probeOnnxProviders(options: OnnxSessionOptions = {}): Promise<OnnxProbe> {
  let opened: Awaited<ReturnType<typeof openOnnxSession>>;
  try {
    opened = await openOnnxSession(new Uint8Array(Buffer.from(PROBE_MODEL_BASE64, 'base64')), options, 'the probe model');
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
  const { session, report } = opened;
  try {
    const ort = await loadOnnxRuntime();
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1.5]), [1]) });
    const y = (out.y.data as Float32Array)[0];
    if (y !== 3) return { report, ok: false, detail: `the probe model ran on ${report.provider} but gave ${y} instead of 3` };
    return { report, ok: true, detail: `a probe model ran on ${report.description}` };
  } catch (error) {
    return { report, ok: false, detail: `the probe model did not run on ${report.provider}: ${(error as Error).message}` };
  } finally {
    await releaseOnnxSession(session);
  }
}
