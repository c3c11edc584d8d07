import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstInvalidUtf8, invalidUtf8Error } from './utf8-text';
import { readCsvBatches } from './csv-batches';

const dir = mkdtempSync(join(tmpdir(), 'loupe-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fileOf = (bytes: Uint8Array) => {
  const file = join(dir, `f${n++}.csv`);
  writeFileSync(file, bytes);
  return file;
};
const latin1 = Buffer.concat([Buffer.from('ID,Label\nID_a_any,0\nID_caf'), Uint8Array.from([0xe9]), Buffer.from('_any,1\n')]);

describe('firstInvalidUtf8', () => {
  it('finds where the first sequence that is not UTF-8 starts', () => {
    expect(firstInvalidUtf8(Buffer.from('plain ascii, ü, €, 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe9, 0x5f]))).toBe(1); // Latin-1 é
    expect(firstInvalidUtf8(Uint8Array.from([0xc0, 0xaf]))).toBe(0); // overlong
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(-1); // cut off: may continue in the next bytes
  });
});

describe('invalidUtf8Error', () => {
  it('is null for UTF-8, U+FFFD itself included', () => {
    expect(invalidUtf8Error(fileOf(Buffer.from('ID,Label\nID_\ufffd_any,0\nü€😀\n')))).toBeNull();
    expect(invalidUtf8Error(fileOf(new Uint8Array(0)))).toBeNull();
  });

  it('names the line and byte of Latin-1 text, UTF-16 text and a cut character', () => {
    expect(invalidUtf8Error(fileOf(latin1))?.message).toMatch(/f\d+\.csv:3: byte 0xe9 \(at byte 26\) is not UTF-8 text/);
    expect(invalidUtf8Error(fileOf(Buffer.from('\ufeffID,Label\n', 'utf16le')))?.message).toMatch(/:1: the file is UTF-16 text/);
    expect(invalidUtf8Error(fileOf(Buffer.concat([Buffer.from('ID,Label\nx\n'), Uint8Array.from([0xe2, 0x82])])))?.message).toMatch(/:3: the file ends inside a UTF-8 character/);
  });

  it('finds a bad byte past the first megabyte, with characters cut by the reads', () => {
    const line = Buffer.from('ID_ü€😀_any,0\n'); // 20 bytes: multibyte characters fall across the 1 MiB reads
    const lines = Math.ceil((1 << 20) / line.length) + 10;
    const bytes = Buffer.concat([Buffer.alloc(0), ...Array.from({ length: lines }, () => line), Uint8Array.from([0xff, 0x0a])]);
    expect(invalidUtf8Error(fileOf(bytes))?.message).toMatch(new RegExp(`:${lines + 1}: byte 0xff \\(at byte ${lines * line.length}\\)`));
  });
});

describe('readCsvBatches on text that is not UTF-8', () => {
  it('fails with the line, before handing out the garbled rows', async () => {
    const rows: string[][] = [];
    const read = async () => {
      for await (const batch of readCsvBatches(fileOf(latin1), { chunkBytes: 8 })) rows.push(...batch.records);
    };
    await expect(read()).rejects.toThrow(/:3: byte 0xe9 \(at byte 26\) is not UTF-8 text/);
    expect(rows.flat().join('')).not.toContain('\ufffd');
  });
});
