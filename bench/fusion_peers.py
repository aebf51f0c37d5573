#!/usr/bin/env python3
"""Peers for the fusion bench (bench/fusion-bench.ts): chained 5-point Laplacians and a heat time loop.

Workloads, all float32 with boundary `nearest` (edge padding), on random inputs in [0, 1):
  lap{k}@N   k Laplacians one after another (out = sum of 4 neighbours - 4 a), N x N;
  heat@N     one explicit heat step u + 0.2 * lap(u), timed over --heat-steps steps and reported per step.
Peers: scipy (ndimage.correlate, one CPU core), cupy (cupyx.scipy.ndimage.correlate into preallocated
outputs), jax (jax.jit of the whole chain or of a lax.fori_loop over the steps: XLA fuses what it
can), torch (conv2d on a replicate-padded tensor, eager). Each framework is imported lazily; a missing
one is reported and skipped. GPU timings: medians over --reps runs after a warm-up, synchronized
(CUDA events for cupy and torch, block_until_ready for jax). Every peer is checked against a float64
numpy reference on a 37 x 53 grid first (max abs error printed).
  python3 bench/fusion_peers.py --json OUT [--peers scipy,cupy,jax,torch] [--lap 2@8192,3@8192,4@8192]
      [--heat 8192] [--heat-steps 100] [--reps 7]
"""
from __future__ import annotations

import argparse, json, os, statistics, sys, time

os.environ.setdefault('XLA_PYTHON_CLIENT_PREALLOCATE', 'false')
import numpy as np

LAP = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float32)


def ref_lap(a):
    p = np.pad(a, 1, mode='edge')
    return p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * p[1:-1, 1:-1]


def ref_chain(a, k):
    a = a.astype(np.float64)
    for _ in range(k):
        a = ref_lap(a)
    return a


def ref_heat(a, steps):
    a = a.astype(np.float64)
    for _ in range(steps):
        a = a + 0.2 * ref_lap(a)
    return a


def shifted_lap(xp_pad, a):
    p = xp_pad(a)
    return p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * p[1:-1, 1:-1]


def correlate_funcs(ndimage, weights, dt):
    """(chain, heat) through an ndimage module's correlate (scipy's, or CuPy's on the GPU)."""
    def chain(a, k):
        for _ in range(k):
            a = ndimage.correlate(a, weights, mode='nearest')
        return a
    def heat(a, steps):
        for _ in range(steps):
            a = a + dt * ndimage.correlate(a, weights, mode='nearest')
        return a
    return chain, heat


def peer_funcs(name):
    """(chain(a, k), heat(a, steps), to_host, sync, upload, timer) for one framework."""
    if name == 'scipy':
        from scipy import ndimage
        return (*correlate_funcs(ndimage, LAP, np.float32(0.2)), lambda x: x, lambda: None, lambda h: h)
    if name == 'cupy':
        import cupy as cp
        from cupyx.scipy import ndimage
        return (*correlate_funcs(ndimage, cp.asarray(LAP), cp.float32(0.2)), cp.asnumpy, lambda: cp.cuda.Device().synchronize(), cp.asarray)
    if name == 'jax':
        import jax, jax.numpy as jnp
        pad = lambda a: jnp.pad(a, 1, mode='edge')
        chains = {}
        def chain(a, k):
            if k not in chains:
                def f(x):
                    for _ in range(k):
                        x = shifted_lap(pad, x)
                    return x
                chains[k] = jax.jit(f)
            return chains[k](a)
        heats = {}
        def heat(a, steps):
            if steps not in heats:
                heats[steps] = jax.jit(lambda x: jax.lax.fori_loop(0, steps, lambda i, u: u + 0.2 * shifted_lap(pad, u), x))
            return heats[steps](a)
        def sync_result(x):
            return x.block_until_ready()
        return chain, heat, np.asarray, None, jnp.asarray, sync_result
    if name == 'torch':
        import torch
        w = torch.tensor(LAP, device='cuda').reshape(1, 1, 3, 3)
        def lap(a):
            p = torch.nn.functional.pad(a.reshape(1, 1, *a.shape), (1, 1, 1, 1), mode='replicate')
            return torch.nn.functional.conv2d(p, w).reshape(a.shape)
        def chain(a, k):
            for _ in range(k):
                a = lap(a)
            return a
        def heat(a, steps):
            for _ in range(steps):
                a = a + 0.2 * lap(a)
            return a
        return chain, heat, lambda x: x.cpu().numpy(), torch.cuda.synchronize, lambda h: torch.tensor(h, device='cuda')
    raise ValueError(name)


def timed(run, sync, reps):
    run(); sync()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run()
        sync()
        samples.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(samples), samples


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--json', required=True)
    ap.add_argument('--peers', default='scipy,cupy,jax,torch')
    ap.add_argument('--lap', default='')
    ap.add_argument('--heat', type=int, default=0)
    ap.add_argument('--heat-steps', type=int, default=100)
    ap.add_argument('--scipy-heat-steps', type=int, default=5)
    ap.add_argument('--reps', type=int, default=7)
    ap.add_argument('--seed', type=int, default=20261122)
    args = ap.parse_args()
    rows, notes = [], []
    small = np.random.default_rng(1).random((37, 53), dtype=np.float32)
    for name in [p for p in args.peers.split(',') if p]:
        try:
            funcs = peer_funcs(name)
        except Exception as e:  # a missing framework or no GPU: reported, not fatal
            notes.append(f'{name}: unavailable ({type(e).__name__}: {e})'[:300])
            continue
        chain, heat, to_host, sync, upload = funcs[:5]
        result_sync = funcs[5] if len(funcs) > 5 else None
        def run_sync(fn):
            out = {}
            def go():
                out['r'] = fn()
            def wait():
                if result_sync:
                    result_sync(out['r'])
                else:
                    sync()
            return go, wait, out
        err = max(float(np.max(np.abs(to_host(chain(upload(small), 3)) - ref_chain(small, 3)))),
                  float(np.max(np.abs(to_host(heat(upload(small), 4)) - ref_heat(small, 4)))))
        print(f'{name}: max abs error against float64 numpy on 37x53: {err:.2e}', file=sys.stderr)
        for spec in [s for s in args.lap.split(',') if s]:
            k, n = map(int, spec.split('@'))
            a = upload(np.random.default_rng(args.seed).random((n, n), dtype=np.float32))
            go, wait, _ = run_sync(lambda: chain(a, k))
            reps = 3 if name == 'scipy' and n >= 4096 else args.reps
            ms, samples = timed(go, wait, reps)
            rows.append({'peer': name, 'workload': f'lap{k}', 'size': n, 'ms': ms, 'samples_ms': samples, 'max_abs_err_small': err})
            print(f'{name} lap{k}@{n}: {ms:.4f} ms', file=sys.stderr)
            del a
        if args.heat:
            n = args.heat
            steps = args.scipy_heat_steps if name == 'scipy' else args.heat_steps
            a = upload(np.random.default_rng(args.seed).random((n, n), dtype=np.float32))
            go, wait, _ = run_sync(lambda: heat(a, steps))
            ms, samples = timed(go, wait, 3 if name == 'scipy' else args.reps)
            rows.append({'peer': name, 'workload': 'heat', 'size': n, 'steps': steps, 'ms': ms, 'ms_per_step': ms / steps, 'samples_ms': samples, 'max_abs_err_small': err})
            print(f'{name} heat@{n}: {ms / steps:.4f} ms per step', file=sys.stderr)
    with open(args.json, 'w') as f:
        json.dump({'rows': rows, 'notes': notes, 'numpy': np.__version__}, f, indent=1)


if __name__ == '__main__':
    main()
