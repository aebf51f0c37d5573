#!/usr/bin/env python3
"""Peers for the meta bench: paper 000's Figure 4 solver, x <- D * (b - J(x)), on the GPU.

J is the Jacobi stencil of the sejits bench: 0.1 * (x[i, j-1] + x[i, j+1]) + 0.3 * (x[i-1, j] + x[i+1, j]),
with boundary `nearest` (indices clamped to the edge, the sejits default), float32.
- jax: jax.jit of lax.fori_loop over the iterations; J as shifted slices of jnp.pad(x, 1, mode='edge').
  XLA fuses the pad, the stencil and the elementwise part into one kernel per iteration.
- cupy: cupyx.scipy.ndimage.correlate(x, w, output=j, mode='nearest') into a preallocated j, then a
  cupy.fuse kernel for D * (b - j): two kernels per iteration (the fused part allocates its result;
  CuPy's memory pool recycles it).
Both are checked against a float64 numpy reference on a 37x53 grid for 7 iterations (max_abs_err),
then timed: a warm-up run (compilation), then --reps runs of --iterations iterations; the median,
with CUDA events around the run (cupy) or perf_counter with block_until_ready (jax).
  python3 bench/gpu/meta_peers.py --json OUT.json [--size 4096] [--iterations 1000] [--reps 5]
"""
from __future__ import annotations

import argparse, json, os, statistics, time, traceback

os.environ.setdefault('XLA_PYTHON_CLIENT_PREALLOCATE', 'false')
import numpy as np

W = np.array([[0, 0.3, 0], [0.1, 0, 0.1], [0, 0.3, 0]], dtype=np.float32)  # correlate: w[1+di, 1+dj]


def reference(D, b, x, iterations):
    D, b, x = (a.astype(np.float64) for a in (D, b, x))
    for _ in range(iterations):
        p = np.pad(x, 1, mode='edge')
        j = 0.1 * (p[1:-1, :-2] + p[1:-1, 2:]) + 0.3 * (p[:-2, 1:-1] + p[2:, 1:-1])
        x = D * (b - j)
    return x


def inputs(shape, seed=20261122):
    rng = np.random.default_rng(seed)
    return (rng.uniform(0.5, 1.0, shape).astype(np.float32), rng.uniform(-1, 1, shape).astype(np.float32),
            rng.uniform(-1, 1, shape).astype(np.float32))


def run_jax(size, iterations, reps):
    import jax
    import jax.numpy as jnp
    from jax import lax
    if jax.devices()[0].platform != 'gpu':
        return {'unavailable': f'jax {jax.__version__} has no GPU backend'}

    def make(k):
        def body(_, x, D, b):
            p = jnp.pad(x, 1, mode='edge')
            j = 0.1 * (p[1:-1, :-2] + p[1:-1, 2:]) + 0.3 * (p[:-2, 1:-1] + p[2:, 1:-1])
            return D * (b - j)
        return jax.jit(lambda D, b, x: lax.fori_loop(0, k, lambda i, x: body(i, x, D, b), x))

    small = inputs((37, 53))
    got = np.asarray(make(7)(*(jnp.asarray(a) for a in small)))
    err = float(np.max(np.abs(got - reference(*small, 7))))
    D, b, x = (jax.device_put(a) for a in inputs((size, size)))
    solve = make(iterations)
    solve(D, b, x).block_until_ready()
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        solve(D, b, x).block_until_ready()
        samples.append((time.perf_counter() - t) * 1000)
    ms = statistics.median(samples)
    return {'ms': ms, 'msPerIteration': ms / iterations, 'samples_ms': samples, 'max_abs_err': err, 'version': jax.__version__,
            'note': 'jit(lax.fori_loop), pad edge + slices, one fused XLA kernel per iteration'}


def run_cupy(size, iterations, reps):
    import cupy as cp
    from cupyx.scipy import ndimage
    w = cp.asarray(W)
    # A named function: cupy.fuse names its kernel after the function, and '<lambda>' is no identifier.
    def residual_step(D, b, j):
        return D * (b - j)

    tail = cp.fuse(residual_step)

    def solve(D, b, x, k):
        j = cp.empty_like(x)
        for _ in range(k):
            ndimage.correlate(x, w, output=j, mode='nearest')
            x = tail(D, b, j)
        return x

    small = [cp.asarray(a) for a in inputs((37, 53))]
    got = cp.asnumpy(solve(*small, 7))
    err = float(np.max(np.abs(got - reference(*(cp.asnumpy(a) for a in small), 7))))
    D, b, x = (cp.asarray(a) for a in inputs((size, size)))
    solve(D, b, x, 3)
    cp.cuda.Device().synchronize()
    samples = []
    for _ in range(reps):
        start, end = cp.cuda.Event(), cp.cuda.Event()
        start.record()
        solve(D, b, x, iterations)
        end.record()
        end.synchronize()
        samples.append(cp.cuda.get_elapsed_time(start, end))
    ms = statistics.median(samples)
    return {'ms': ms, 'msPerIteration': ms / iterations, 'samples_ms': samples, 'max_abs_err': err, 'version': cp.__version__,
            'note': "ndimage.correlate(mode='nearest') + cupy.fuse(D*(b-j)), two kernels per iteration"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--json', required=True)
    ap.add_argument('--size', type=int, default=4096)
    ap.add_argument('--iterations', type=int, default=1000)
    ap.add_argument('--reps', type=int, default=5)
    ap.add_argument('--peers', default='jax,cupy')
    a = ap.parse_args()
    out = {}
    for name in a.peers.split(','):
        print(f'meta peers: {name} at {a.size}^2 x {a.iterations}', flush=True)
        try:
            out[name] = {'jax': run_jax, 'cupy': run_cupy}[name](a.size, a.iterations, a.reps)
        except ImportError as e:
            out[name] = {'unavailable': str(e)}
        except Exception as e:  # a peer's failure costs only its entry
            out[name] = {'error': f'{type(e).__name__}: {e}', 'trace': traceback.format_exc()[-2000:]}
        print(f'  {json.dumps({k: v for k, v in out[name].items() if k not in ("trace", "samples_ms")})}', flush=True)
        with open(a.json, 'w') as f:
            json.dump(out, f, indent=2)


if __name__ == '__main__':
    main()
