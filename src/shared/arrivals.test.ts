import { describe, expect, it } from 'vitest';
import { ArrivalTracker, type FileState } from './arrivals';

const seen = (entries: Record<string, [number, number]>) =>
  new Map<string, FileState>(Object.entries(entries).map(([file, [size, mtimeMs]]) => [file, { size, mtimeMs }]));

describe('ArrivalTracker', () => {
  it('hands a file out once its size is the same across two checks, and only once', () => {
    const tracker = new ArrivalTracker();
    expect(tracker.observe(seen({ 'a.jpg': [100, 1] }))).toEqual([]);
    expect(tracker.observe(seen({ 'a.jpg': [100, 1] }))).toEqual(['a.jpg']);
    tracker.settle('a.jpg', 'taken');
    expect(tracker.observe(seen({ 'a.jpg': [100, 1] }))).toEqual([]);
    expect(tracker.observe(seen({ 'a.jpg': [100, 1] }))).toEqual([]);
  });

  it('waits while a file grows between checks', () => {
    const tracker = new ArrivalTracker();
    expect(tracker.observe(seen({ 'a.jpg': [10, 1] }))).toEqual([]);
    expect(tracker.observe(seen({ 'a.jpg': [50, 2] }))).toEqual([]);
    expect(tracker.observe(seen({ 'a.jpg': [90, 3] }))).toEqual([]);
    expect(tracker.observe(seen({ 'a.jpg': [90, 3] }))).toEqual(['a.jpg']);
  });

  it('counts a rewrite of the same size (a new modification time) as a change', () => {
    const tracker = new ArrivalTracker();
    tracker.observe(seen({ 'a.jpg': [10, 1] }));
    expect(tracker.observe(seen({ 'a.jpg': [10, 2] }))).toEqual([]);
    expect(tracker.observe(seen({ 'a.jpg': [10, 2] }))).toEqual(['a.jpg']);
  });

  it('never hands out an empty file', () => {
    const tracker = new ArrivalTracker();
    for (let i = 0; i < 3; i++) expect(tracker.observe(seen({ 'a.jpg': [0, 1] }))).toEqual([]);
  });

  it('hands an incomplete file out again only once it changes', () => {
    const tracker = new ArrivalTracker();
    tracker.observe(seen({ 'a.jpg': [10, 1] }));
    expect(tracker.observe(seen({ 'a.jpg': [10, 1] }))).toEqual(['a.jpg']);
    tracker.settle('a.jpg', 'incomplete');
    expect(tracker.observe(seen({ 'a.jpg': [10, 1] }))).toEqual([]);
    expect(tracker.observe(seen({ 'a.jpg': [20, 2] }))).toEqual([]);
    expect(tracker.observe(seen({ 'a.jpg': [20, 2] }))).toEqual(['a.jpg']);
  });

  it('hands files out again when their batch was not written, and forgets files that left the folder', () => {
    const tracker = new ArrivalTracker();
    tracker.observe(seen({ 'a.jpg': [10, 1], 'b.jpg': [10, 1] }));
    expect(tracker.observe(seen({ 'a.jpg': [10, 1], 'b.jpg': [10, 1] }))).toEqual(['a.jpg', 'b.jpg']);
    tracker.retryUnsettled();
    expect(tracker.observe(seen({ 'a.jpg': [10, 1] }))).toEqual(['a.jpg']);
    // b.jpg left and came back: it is new again, complete at the second check.
    expect(tracker.observe(seen({ 'b.jpg': [10, 1] }))).toEqual([]);
    expect(tracker.observe(seen({ 'b.jpg': [10, 1] }))).toEqual(['b.jpg']);
  });
});
