// Cine: plays the series forward at the chosen rate, looping at the end, on animation frames. A step waits
// for the next slice to be in memory rather than showing a stale frame late.
import { onBeforeUnmount, watch } from 'vue';

export interface CineTarget {
  index(): number;
  count(): number;
  isReady(index: number): boolean;
  goTo(index: number): void;
}

export function useCine(playing: () => boolean, fps: () => number, target: CineTarget): void {
  let frame = 0;
  let last = 0;

  const tick = (now: number) => {
    frame = requestAnimationFrame(tick);
    if (now - last < 1000 / fps() - 2) return;
    const count = target.count();
    if (count < 2) return;
    const next = (target.index() + 1) % count;
    if (!target.isReady(next)) return;
    last = now;
    target.goTo(next);
  };

  watch(
    playing,
    (on) => {
      cancelAnimationFrame(frame);
      if (on) {
        last = 0;
        frame = requestAnimationFrame(tick);
      }
    },
    { immediate: true },
  );
  onBeforeUnmount(() => cancelAnimationFrame(frame));
}
