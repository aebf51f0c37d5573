/**
 * The browser build: the package's browser entry bundles for browsers with no Node-only module,
 * and examples/browser/ runs the heat equation in headless Chromium (Debian's `chromium`, driven by
 * playwright-core), whose values on the js path must equal Node's. CI sets SEJITS_REQUIRE_CHROMIUM=1,
 * so a missing Chromium fails there instead of skipping.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Grid } from '../src/index.js';
import { runHeat } from '../examples/browser/heat.js';

const root = new URL('..', import.meta.url);
const at = (p: string) => new URL(p, root).pathname;
const work = mkdtempSync(join(tmpdir(), 'sejits-browser-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Modules a browser bundle must never contain. */
const NODE_ONLY = [/^node:/, /(^|\/)node_modules\/(koffi|webgpu)\//, /src\/backends\/(c|opencl|cuda)\//, /node-backends\.ts$/, /dawn-(session|worker-source)\.ts$/, /disk-cache\.ts$/, /find-command\.ts$/];

describe('browser build', () => {
  it('the browser entry bundles for the browser with no Node-only module', async () => {
    const result = await build({ entryPoints: [at('src/browser.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent', outdir: work });
    const inputs = Object.keys(result.metafile.inputs);
    const bad = inputs.filter((p) => NODE_ONLY.some((re) => re.test(p)));
    assert.deepEqual(bad, [], `Node-only modules in the browser bundle: ${bad.join(', ')}`);
    assert.ok(inputs.some((p) => p.endsWith('src/backends/webgpu/browser.ts')), 'the navigator.gpu backend is in it');
    const text = result.outputFiles.map((f) => f.text).join('\n');
    for (const name of ['child_process', 'koffi', "from 'fs'", 'worker_threads']) assert.ok(!text.includes(name), `the bundle mentions ${name}`);
  });

  it('package.json sends browsers to the browser entry', () => {
    const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { exports: Record<string, Record<string, string>>; browser?: string };
    assert.equal(pkg.exports['.'].browser, './dist/src/browser.js');
    assert.ok(Object.keys(pkg.exports['.']).indexOf('browser') < Object.keys(pkg.exports['.']).indexOf('import'), 'the browser condition comes before import');
  });
});

const chromium = '/usr/bin/chromium';
const required = process.env.SEJITS_REQUIRE_CHROMIUM === '1';
const skip = !existsSync(chromium) && !required ? `no ${chromium} (apt-get install chromium)` : false;

describe('examples/browser in headless Chromium', { skip }, () => {
  it('draws the heat equation, and its js values equal Node\'s', async () => {
    assert.ok(existsSync(chromium), `${chromium} is missing: apt-get install chromium (required here: SEJITS_REQUIRE_CHROMIUM=1)`);
    await build({ entryPoints: [at('examples/browser/main.ts')], bundle: true, platform: 'browser', format: 'iife', outfile: join(work, 'dist/main.js'), logLevel: 'error' });
    copyFileSync(at('examples/browser/index.html'), join(work, 'index.html'));
    const { chromium: launcher } = await import('playwright-core');
    const browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox', '--enable-unsafe-webgpu', '--use-angle=swiftshader', '--enable-features=Vulkan'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const open = async (query: string) => {
        await page.goto(`${pathToFileURL(join(work, 'index.html')).href}${query}`);
        await page.waitForFunction(() => (globalThis as { sejitsHeat?: unknown }).sejitsHeat !== undefined, undefined, { timeout: 60_000 });
        return (await page.evaluate(() => (globalThis as { sejitsHeat?: unknown }).sejitsHeat)) as { backend?: string; values?: number[]; n?: number; steps?: number; error?: string; why?: string };
      };
      const js = await open('?backend=js');
      assert.equal(js.error, undefined, js.error);
      assert.equal(js.backend, 'js');
      const want = runHeat('js', js.n!, js.steps!) as Grid;
      assert.equal(js.values!.length, want.size);
      for (let i = 0; i < want.size; i++) assert.equal(js.values![i], want.data[i], `point ${i}`);
      assert.match(await page.textContent('#status') ?? '', /200 steps .* js backend/);
      // Something was drawn: the hot middle is brighter than the corner.
      const [corner, middle] = await page.evaluate(() => {
        const c = (globalThis as unknown as { document: { getElementById(id: string): { getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } } }).document.getElementById('field').getContext('2d');
        return [c.getImageData(0, 0, 1, 1).data[0], c.getImageData(64, 64, 1, 1).data[0]];
      });
      assert.ok(middle > corner, `canvas: middle ${middle}, corner ${corner}`);
      // Without ?backend the page takes webgpu where Chromium offers an adapter; either way it computes the same field.
      const auto = await open('');
      assert.equal(auto.error, undefined, auto.error);
      console.log(`page default backend: ${auto.backend}${auto.why ?? ''}`);
      for (let i = 0; i < want.size; i++) assert.ok(Math.abs(auto.values![i] - want.data[i]) <= 1e-4, `${auto.backend} point ${i}: ${auto.values![i]} vs ${want.data[i]}`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
