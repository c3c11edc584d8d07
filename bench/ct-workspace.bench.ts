// Benchmark: the CT workspace in Chromium (playwright-core + /usr/bin/chromium) against `loupe serve`, on a
// generated 60-slice 512² head series. Measured inside the page:
//   wlDrag_ms_median / _p95       one right-drag pointer event → window/level repainted (LUT → ImageData → canvas)
//   wlDrag_fps                    frames per second while dragging (one pointer event per frame)
//   nextSliceDrawn_ms_median      ArrowDown on a prefetched series → new slice drawn on the canvas
//   nextSlice_ms_median / _p95    … → and the next frame begun (pixels on screen)
//   scroll_fps                    one ArrowDown per animation frame through the series: new slices shown per second
// Run through `npm run bench`, or: tsx -e "import('./bench/ct-workspace.bench.ts').then(async m => console.log(await m.benchCtWorkspace()))"
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, openBrowser, serve } from '../tests/e2e/browser';
import { importCt, writeHeadSeries } from '../tests/e2e/ct-helpers';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const SLICES = 60;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

export async function benchCtWorkspace(): Promise<Record<string, number>> {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html'))) {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repoRoot, stdio: 'ignore' });
  }
  const files = mkdtempSync(join(tmpdir(), 'loupe-bench-ct-'));
  const series = writeHeadSeries(join(files, 'series'), { patient: 'BENCH', slices: SLICES, size: 512, seed: 3 });
  let datasetId = 0;
  const served = await serve(async (database) => {
    datasetId = await importCt(database, series.dir, 'Bench head CT');
  });
  const browser = await openBrowser();
  try {
    const page = browser.page;
    await api(served, 'settings.setUserName', { name: 'Bench' });
    // tsx keeps function names with a `__name` helper that the page does not have.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(served.url);
    await page.goto(`${served.origin}/#/datasets/${datasetId}`);
    const canvas = page.locator('.ct-workspace canvas[data-shown]');
    await canvas.waitFor();
    // Walk the series once so every slice is in memory, then come back to the first.
    for (let i = 1; i < SLICES; i++) {
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction((n) => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith(`Slice ${n} of`), i + 1);
    }
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector('.ct-workspace canvas')?.getAttribute('aria-label')?.startsWith('Slice 1 of'));

    const figures = await page.evaluate(async (count) => {
      const canvas = document.querySelector('.ct-workspace canvas') as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const key = (k: string) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

      // 1. Window/level: a right-drag, each pointer event timed from dispatch to repainted canvas (synchronous).
      const at = (dx: number, dy: number) => ({ clientX: box.left + box.width / 2 + dx, clientY: box.top + box.height / 2 + dy, pointerId: 7, bubbles: true });
      canvas.dispatchEvent(new PointerEvent('pointerdown', { ...at(0, 0), button: 2, buttons: 2 }));
      // Browsers deliver pointer moves once per frame at most: one event per animation frame, as a hand would.
      const drag: number[] = [];
      const dragStart = await frame();
      let dragEnd = dragStart;
      for (let i = 1; i <= 120; i++) {
        const event = new PointerEvent('pointermove', { ...at(Math.round(60 * Math.sin(i / 9)), Math.round(40 * Math.cos(i / 13))), buttons: 2 });
        const start = performance.now();
        canvas.dispatchEvent(event);
        drag.push(performance.now() - start);
        dragEnd = await frame();
      }
      const dragFps = (120 * 1000) / (dragEnd - dragStart);
      canvas.dispatchEvent(new PointerEvent('pointerup', { ...at(0, 0), button: 2 }));
      key('F1');
      await frame();

      // 2. Next slice when prefetched: key press → slice drawn → the next frame starts.
      const drawn: number[] = [];
      const next: number[] = [];
      const shownChange = () =>
        new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            observer.disconnect();
            resolve(performance.now());
          });
          observer.observe(canvas, { attributes: true, attributeFilter: ['data-shown'] });
        });
      for (let i = 0; i < count - 1; i++) {
        const changed = shownChange();
        const start = performance.now();
        key('ArrowDown');
        drawn.push((await changed) - start);
        await frame();
        next.push(performance.now() - start);
      }
      key('Home');
      await frame();
      await frame();

      // 3. Scrolling: one step per animation frame; count the frames that showed a new slice.
      let shown = 0;
      let last = canvas.dataset.shown;
      const first = await frame();
      let now = first;
      for (let i = 0; i < 2 * (count - 1); i++) {
        key(Math.floor(i / (count - 1)) % 2 === 0 ? 'ArrowDown' : 'ArrowUp');
        now = await frame();
        if (canvas.dataset.shown !== last) shown++;
        last = canvas.dataset.shown;
      }
      return { drag, dragFps, drawn, next, fps: (shown * 1000) / (now - first) };
    }, SLICES);

    return {
      wlDrag_ms_median: quantile(figures.drag, 0.5),
      wlDrag_ms_p95: quantile(figures.drag, 0.95),
      wlDrag_fps: figures.dragFps,
      nextSliceDrawn_ms_median: quantile(figures.drawn, 0.5),
      nextSlice_ms_median: quantile(figures.next, 0.5),
      nextSlice_ms_p95: quantile(figures.next, 0.95),
      scroll_fps: figures.fps,
      slices: SLICES,
    };
  } finally {
    await browser.close();
    await served.stop();
    rmSync(files, { recursive: true, force: true });
  }
}
