/**
 * The browser example: the heat equation on webgpu where the browser offers an adapter, else on
 * js, drawn on a canvas. `?backend=js` (or `webgpu`) forces a backend. The result is exposed on
 * `window.sejitsHeat` for test/browser.test.ts.
 */
import { initWebGpu, readAsync } from '../../src/browser.js';
import { runHeat } from './heat.js';

interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { createImageData(w: number, h: number): { data: Uint8ClampedArray }; putImageData(image: unknown, x: number, y: number): void };
}
const page = globalThis as unknown as {
  location: { search: string };
  document: { getElementById(id: string): (Canvas & { textContent: string }) | null };
  sejitsHeat?: unknown;
};

const N = 128;
const STEPS = 200;

/** A dark-to-bright ramp (black, red, yellow, white) for values in [0, 1]. */
function colour(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, v));
  return [Math.min(255, 3 * 255 * t), Math.min(255, Math.max(0, 3 * 255 * t - 255)), Math.min(255, Math.max(0, 3 * 255 * t - 510))];
}

async function main(): Promise<void> {
  const status = page.document.getElementById('status')!;
  const asked = new URLSearchParams(page.location.search).get('backend');
  let backend = asked ?? 'js';
  let why = '';
  if (asked !== 'js') {
    const probe = await initWebGpu();
    if (probe.available) backend = 'webgpu';
    else if (asked === 'webgpu') throw new Error(probe.reason);
    else why = ` (webgpu: ${probe.reason})`;
  }
  const t0 = performance.now();
  const u = runHeat(backend, N, STEPS);
  await readAsync(u);
  const ms = performance.now() - t0;
  const values = Array.from(u.data);
  const canvas = page.document.getElementById('field')!;
  canvas.width = N;
  canvas.height = N;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(N, N);
  values.forEach((v, k) => {
    const [r, g, b] = colour(v);
    image.data.set([r, g, b, 255], 4 * k);
  });
  ctx.putImageData(image, 0, 0);
  status.textContent = `${STEPS} steps of the heat equation on ${N}² with the ${backend} backend in ${ms.toFixed(0)} ms${why}`;
  page.sejitsHeat = { backend, n: N, steps: STEPS, values, ms, why };
}

main().catch((e: unknown) => {
  page.sejitsHeat = { error: String((e as Error)?.stack ?? e) };
  const status = page.document.getElementById('status');
  if (status) status.textContent = `error: ${String(e)}`;
});
