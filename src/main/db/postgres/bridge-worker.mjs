// The thread that talks to PostgreSQL for a synchronous store (see bridge.ts). It holds one `pg` client per
// open store and answers one request at a time: the answer goes on the port, then the shared flag wakes the caller.
// Plain JavaScript, so that it runs as it is from the sources, the CLI bundle and the desktop bundle.
import pg from 'pg';
import { workerData } from 'node:worker_threads';

// Integers come back as numbers (as from SQLite); ids and counts fit well within 2^53.
pg.types.setTypeParser(20, Number); // int8
pg.types.setTypeParser(1700, Number); // numeric (SUM of a BIGINT, AVG)
pg.types.setTypeParser(16, (value) => (value === 't' ? 1 : 0)); // bool: 1/0 as SQLite's comparisons give

const clients = new Map();
let nextHandle = 0;

function failure(error) {
  return { error: { message: error.message, code: error.code ?? null, detail: error.detail ?? null, where: error.where ?? null } };
}

async function connect(url, schema) {
  const client = new pg.Client({ connectionString: url, application_name: 'loupe' });
  client.on('error', () => {}); // a dropped connection fails the next query, which says so
  await client.connect();
  if (schema) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).catch((error) => {
      if (error.code !== '23505' && error.code !== '42P06') throw error; // two processes creating it at once
    });
    await client.query(`SET search_path TO "${schema}"`);
  }
  const handle = ++nextHandle;
  clients.set(handle, client);
  return handle;
}

async function handleRequest(request) {
  try {
    if (request.op === 'connect') return { result: await connect(request.url, request.schema) };
    const client = clients.get(request.handle);
    if (!client) return { error: { message: 'the database connection is closed', code: 'closed' } };
    if (request.op === 'close') {
      clients.delete(request.handle);
      await client.end().catch(() => {});
      return { result: null };
    }
    if (request.op === 'exec') {
      await client.query(request.text);
      return { result: null };
    }
    const values = request.values.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v));
    const answer = await client.query({ text: request.text, values, rowMode: request.rowMode });
    return { result: { rows: answer.rows, rowCount: answer.rowCount ?? 0 } };
  } catch (error) {
    return failure(error);
  }
}

const { flag, port } = workerData;
const wake = new Int32Array(flag);
port.on('message', async (request) => {
  port.postMessage(await handleRequest(request));
  Atomics.store(wake, 0, 1);
  Atomics.notify(wake, 0);
});
