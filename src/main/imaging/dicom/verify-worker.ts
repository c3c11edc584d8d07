// A verify thread: decodes the files it is sent, every frame, and answers with what failed (see verify.ts).
import { parentPort } from 'node:worker_threads';
import { verifyFile, type VerifyReply, type VerifyRequest } from './verify';

const port = parentPort!;
port.on('message', async (request: VerifyRequest) => {
  const results: VerifyReply['results'] = [];
  for (const { index, file } of request.files) results.push({ index, message: await verifyFile(file) });
  port.postMessage({ type: 'verified', results } satisfies VerifyReply);
});
