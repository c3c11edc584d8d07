import { describe, expect, it } from 'vitest';
import { LITTLE_ENDIAN, huBytes, readHu } from './hu-bytes';

describe('LITTLE_ENDIAN', () => {
  it('says how this host lays out a 16-bit 1', () => {
    const bytes = new Uint8Array(new Uint16Array([1]).buffer);
    expect(LITTLE_ENDIAN).toBe(bytes[0] === 1 && bytes[1] === 0);
  });
});

describe('readHu / huBytes', () => {
  const values = [-32768, -1024, -1, 0, 1, 40, 3071, 32767];

  it('reads Int16 little-endian bytes whatever the host order', () => {
    const bytes = new Uint8Array(values.length * 2);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setInt16(i * 2, v, true));
    expect(Array.from(readHu(bytes.buffer))).toEqual(values);
    expect(Array.from(readHu(bytes))).toEqual(values);
  });

  it('writes what it reads, little-endian', () => {
    const bytes = huBytes(Int16Array.from(values));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(values.map((_, i) => view.getInt16(i * 2, true))).toEqual(values);
    expect(Array.from(readHu(bytes))).toEqual(values);
  });

  it('reads bytes that start at an odd offset', () => {
    const backing = new Uint8Array(1 + values.length * 2);
    const view = new DataView(backing.buffer);
    values.forEach((v, i) => view.setInt16(1 + i * 2, v, true));
    expect(Array.from(readHu(backing.subarray(1)))).toEqual(values);
  });

  it('refuses an odd number of bytes', () => {
    expect(() => readHu(new Uint8Array(3))).toThrow(/3 bytes/);
  });
});
