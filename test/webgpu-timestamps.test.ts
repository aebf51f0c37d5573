/**
 * SEJITS_WEBGPU_TIMESTAMPS=1: DawnSession.gpuTimeNs reports the GPU time of the launches since the
 * last call (timestamp queries around each batch's compute pass). The setting is read when Dawn
 * starts, so the check runs in a child process (fixtures/webgpu-timestamps-child.ts). Runs where webgpu runs (CI: SwiftShader).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { probeBackend } from '../src/index.js';
import { requiredBackends } from './conformance/backends.js';

const probe = probeBackend('webgpu');
const skip = !probe.available && !requiredBackends().includes('webgpu') ? `no WebGPU adapter here: ${probe.reason}` : false;

const child = fileURLToPath(new URL('./fixtures/webgpu-timestamps-child.ts', import.meta.url));

describe('webgpu: GPU time from timestamp queries', { skip }, () => {
  it('counts the launches since the last call, and nothing when none ran', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', env: { ...process.env, SEJITS_WEBGPU_TIMESTAMPS: '1' }, timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!) as { before?: number; after?: number; idle?: number };
    assert.ok(typeof got.after === 'number' && got.after > 0, `no GPU time after 20 launches: ${r.stdout}`);
    assert.equal(got.idle, 0);
  });

  it('is undefined unless asked for', { skip: process.env.SEJITS_WEBGPU_TIMESTAMPS === '1' ? 'asked for in this process' : false }, async () => {
    const { createWebGpuBackend } = await import('../src/backends/webgpu/index.js');
    const b = createWebGpuBackend({ name: 'webgpu-no-timestamps' });
    b.synchronize();
    assert.equal(b.session.gpuTimeNs(), undefined);
  });
});
