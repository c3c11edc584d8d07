// Label files must be UTF-8. Node's UTF-8 decoding turns bytes that are not UTF-8 into U+FFFD, so a file saved
// as Latin-1 or UTF-16 would give ids that silently match nothing. The reader watches its text for U+FFFD
// (a cheap native scan) and, only then, finds the offending byte and its line here.
import { closeSync, openSync, readSync } from 'node:fs';
import { badInput, type LoupeError } from '../../shared/errors';

function sequenceLength(lead: number): number {
  return lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
}

/** How many bytes at the end of `bytes` begin a character that they do not finish (0 to 3). */
function unfinishedTail(bytes: Uint8Array): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && bytes.length - lead <= 3 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return 0;
  const have = bytes.length - lead;
  return have < sequenceLength(bytes[lead]) ? have : 0;
}

/** Index where the first sequence of `bytes` that is not UTF-8 starts, or -1 (also when the last one is cut off). */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = sequenceLength(b);
    if (length === 0) return i;
    for (let k = 1; k < length && i + k < bytes.length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    if (i + length > bytes.length) return -1; // continues past the end of these bytes
    // Overlong three- and four-byte forms, UTF-16 surrogates, and code points above U+10FFFF.
    const second = bytes[i + 1];
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return -1;
}

/**
 * The error for the first bytes of `file` that are not UTF-8 — `<file>:<line>: …` — or null when the whole file
 * is UTF-8 (a U+FFFD written as such is a character like any other).
 */
export function invalidUtf8Error(file: string): LoupeError | null {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let carry = 0; // bytes of a character cut by the end of the previous read, moved to the front
    let position = 0;
    let line = 1;
    for (;;) {
      const read = readSync(fd, buffer, carry, buffer.length - carry, position);
      const end = carry + read;
      const bad = firstInvalidUtf8(buffer.subarray(0, end));
      const scanned = bad === -1 ? end : bad;
      for (let i = buffer.indexOf(10); i !== -1 && i < scanned; i = buffer.indexOf(10, i + 1)) line++;
      const offset = position - carry + scanned;
      if (bad !== -1) {
        if (offset === 0 && end >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) {
          return badInput(`${file}:1: the file is UTF-16 text; save it as UTF-8`);
        }
        return badInput(`${file}:${line}: byte 0x${buffer[bad].toString(16).padStart(2, '0')} (at byte ${offset}) is not UTF-8 text; save the file as UTF-8`);
      }
      if (read === 0) {
        return end > 0 ? badInput(`${file}:${line}: the file ends inside a UTF-8 character; save it as UTF-8`) : null;
      }
      const keep = unfinishedTail(buffer.subarray(0, end));
      buffer.copyWithin(0, end - keep, end);
      position += read;
      carry = keep;
    }
  } finally {
    closeSync(fd);
  }
}
