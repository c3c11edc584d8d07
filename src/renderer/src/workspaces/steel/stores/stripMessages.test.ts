// Messages over the strip belong to the strip they were said on; one said on the way waits for its strip.
import { describe, expect, it, vi } from 'vitest';
import { stripMessages } from './stripMessages';

describe('strip messages', () => {
  it('a message said while moving to a strip shows once that strip opens, not on another', () => {
    const m = stripMessages();
    m.tell('Saved class 4');
    m.tellOn(7, 'Came round to the start of the list', 3);
    expect(m.message.value).toBe('Saved class 4');
    m.opened(7);
    expect(m.message.value).toBe('Came round to the start of the list');
    m.tellOn(9, 'for strip 9', 7);
    m.opened(8);
    expect(m.message.value).toBe('');
    m.opened(9);
    expect(m.message.value).toBe('');
  });

  it('said about the open strip, it shows at once; every message goes after a few seconds', () => {
    vi.useFakeTimers();
    try {
      const m = stripMessages();
      m.tellOn(5, 'Nothing left to review in this dataset', 5);
      expect(m.message.value).toBe('Nothing left to review in this dataset');
      vi.advanceTimersByTime(6000);
      expect(m.message.value).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});
