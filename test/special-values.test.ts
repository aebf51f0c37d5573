/**
 * JavaScript's meaning of the operations native targets spell differently, checked bit for bit
 * against pure mode on special values: NaN and ±0 truthiness, Math.round ties and -0, Math.sign,
 * Math.min/max with NaN and -0, `**` with NaN and ±∞ exponents, `%` signs, and the typed-array
 * conversion of every kind of value stored into int32 and uint8 grids (truncate, wrap, NaN → 0).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Grid, probeBackend, stencil, type Dtype } from '../src/index.js';
import { requiredBackends, supportsFloat64 } from './conformance/backends.js';

const SPECIAL = [
  NaN, 0, -0, Infinity, -Infinity, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 1, -1, 2, 3, -3, 0.1,
  255.9, 256, -1.2, 2147483647.5, 2147483648, -2147483649, 4294967296.5, -4294967297, 1e20, -1e20, 5e-324, 1.7976931348623157e308,
];

type K = Parameters<typeof stencil>[0];
const KERNELS: Record<string, K> = {
  truthy: (a) => (a(0) ? 1 : 2) + (!a(1) ? 10 : 20),
  round: (a) => Math.round(a(0)),
  sign: (a) => Math.sign(a(0)),
  minMax: (a) => Math.min(a(0), a(1)) * 1000 + Math.max(a(0), a(1), a(2)),
  minMaxSigns: (a) => 1 / Math.min(a(0), a(1)) + 1 / Math.max(a(0), a(1)),
  pow: (a) => a(0) ** a(1),
  mathPow: (a) => Math.pow(a(1), a(0)),
  mod: (a) => a(0) % a(1),
  truncAbs: (a) => Math.trunc(a(0)) - Math.abs(a(1)) + Math.floor(a(2)) * Math.ceil(a(-1)),
  compare: (a) => (a(0) < a(1) ? 1 : 0) + (a(0) === a(1) ? 2 : 0) + (a(0) !== a(1) ? 4 : 0) + (a(0) >= a(1) ? 8 : 0),
  identity: (a) => a(0),
  scaled: (a) => a(0) * 3 - 0.5,
};


/** Backends to check: every required one, plus any other that is available here. */
const backends = [...new Set([...requiredBackends(), ...['js', 'c'].filter((b) => probeBackend(b).available)])].filter((b) => supportsFloat64(b));
// Backends without float64 grids (webgpu, webgpu-tiles) check special values in their own suite
// (test/webgpu-backend.test.ts).

/**
 * libm's pow and V8's may differ in the last bit for ordinary operands (glibc rounds correctly,
 * V8 and GPU libraries need not); special cases must match. Only that bit may differ: the store
 * that follows must still be exact, so an integer output must be the conversion of a value within
 * one ulp of pure mode's float64 result (a huge power wraps modulo 2^32, which makes that ulp show).
 */
const ONE_ULP_ALLOWED = new Set(['pow', 'mathPow']);

function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return 5e-324;
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] += x > 0 ? 1n : -1n;
  return b[0];
}
const nextDown = (x: number) => -nextUp(-x);

/** The values pure mode's float64 result may become, one ulp either way, stored as `dtype`. */
function withinOneUlp(exact: number, dtype: Dtype): number[] {
  const store = Grid.zeros([3], dtype).data;
  [nextDown(exact), exact, nextUp(exact)].forEach((v, i) => (store[i] = v));
  return [...store];
}

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, input: ArrayLike<number>, what: string, exact: ArrayLike<number> | undefined, dtype: Dtype): void {
  for (let i = 0; i < want.length; i++) {
    if (Object.is(got[i], want[i])) continue;
    const close = exact !== undefined && Number.isFinite(exact[i]) && withinOneUlp(exact[i], dtype).some((v) => Object.is(v, got[i]));
    if (!close) assert.fail(`${what}: element ${i} (input ${input[i]}, next ${input[(i + 1) % input.length]}): got ${got[i]}, want ${want[i]}`);
  }
}

for (const backend of backends) {
  describe(`special values: ${backend}`, () => {
    const input = Grid.fromFunction([SPECIAL.length], 'float64', (i) => SPECIAL[i]);
    for (const [name, fn] of Object.entries(KERNELS)) {
      for (const outputDtype of ['float64', 'float32', 'int32', 'uint8'] as Dtype[]) {
        it(`${name} → ${outputDtype}`, () => {
          const k = stencil(fn, { name, boundary: 'wrap', outputDtype, backend });
          const want = k.with({ mode: 'pure' })(input) as Grid;
          const exact = ONE_ULP_ALLOWED.has(name) && outputDtype !== 'float32' ? (k.with({ mode: 'pure', outputDtype: 'float64' })(input) as Grid).data : undefined;
          for (const mode of ['specialized', 'generic'] as const) sameBits((k.with({ mode })(input) as Grid).data, want.data, input.data, `${backend} ${mode}`, exact, outputDtype);
        });
      }
    }
  });
}
