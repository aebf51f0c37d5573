#!/usr/bin/env python3
"""Peer timings for the sejits GPU bench: CuPy, PyTorch, JAX and scipy.ndimage on four stencils.

All float32, boundary `nearest` (indices clamped to the edge); except the bilateral filter each is a
correlation out[p] = sum_k w_k a[p + off_k]: jacobi2d (5-point, 0.25 each), blur5x5 (outer([1,4,6,4,1])
/ 256), bilateral13 (13x13 window, sigmaD 3, sigmaR 0.1, out = S / K) at 8192^2, and seven3d (7-point
Laplacian, (sum of the 6 face neighbours - 6 a) / 6) at 512^3.
Peers: cupy (cupyx.scipy.ndimage.correlate into a preallocated output; the bilateral as shifted
slices of cp.pad(a, 6, mode='edge'), plain and with cupy.fuse, the faster reported), torch (conv2d /
conv3d: zero padding, so only the interior is checked; the bilateral as eager shifted slices of a
replicate-padded tensor), jax (jax.jit of shifted slices of jnp.pad(mode='edge'); every call
allocates its output), scipy (ndimage.correlate, one CPU core). cupy_copy and torch_copy time a
device copy of one grid, the bandwidth reference.

Timing: random inputs (default_rng(seed).random) built on the host once and copied to the device
once. After a first call (compilation, cuDNN autotuning), 3 warm-up calls and one untimed batch
(allocators grow to what a batch in flight needs), --batches batches of --batch calls are timed
with CUDA events (cupy, torch), or perf_counter around a batch with block_until_ready on its last
result (jax); a slow peer's batch is cut to about 2 s. Reported: the median, min and max of the
per-call batch figures (all of them in sample_ms). scipy times single calls until --scipy-budget-s
is spent (3 calls at least). Beforehand every peer runs the same code on a small odd shape, compared
with a float64 numpy reference: max_rel_err = max over points of |peer - ref| / max(|ref|, 1e-3).
Preallocated outputs are filled with NaN before the timed run and checked for NaN after it.
--overhead E: microseconds per call on an E x E jacobi2d grid, back to back and synchronized.

Each framework runs in a child process of its own (this script with --worker), so a crash, a sticky
CUDA error or a hang costs only that framework's entries; the parent merges what the children wrote
and always writes --json.
  python3 bench/gpu/peers.py --json OUT.json [--cases jacobi2d,blur5x5,bilateral13,seven3d]
      [--peers cupy,torch,jax,scipy] [--size 2d=8192,3d=512] [--batch 20] [--batches 11]
      [--overhead 256] [--scipy-budget-s 3] [--seed 20261122] [--quick]
"""
from __future__ import annotations

import argparse, collections, datetime, json, math, os, platform, signal, statistics
import subprocess, sys, tempfile, threading, time
from typing import Any, Callable, NamedTuple

os.environ.setdefault('XLA_PYTHON_CLIENT_PREALLOCATE', 'false')  # before any jax import; the children inherit it
import numpy as np

SIGMA_D, SIGMA_R = 3, 0.1
CHECK_SHAPE = {2: (37, 53), 3: (13, 17, 11)}
BATCH_CAP_S = 2.0
KEYS = {'cupy': ('cupy', 'cupy_copy'), 'torch': ('torch', 'torch_copy'), 'jax': ('jax',), 'scipy': ('scipy',)}
OVERHEAD_PEERS = ('cupy', 'torch', 'jax')


class Case(NamedTuple):
    id: str
    ndim: int
    weights: np.ndarray | None  # None: the bilateral filter
    radius: int


def _cases() -> dict[str, Case]:
    b = np.array([1, 4, 6, 4, 1], dtype=np.float64)
    lap = np.zeros((3, 3, 3))
    lap[1, 1, :] = lap[1, :, 1] = lap[:, 1, 1] = 1 / 6
    lap[1, 1, 1] = -1.0
    jac = np.array([[0, .25, 0], [.25, 0, .25], [0, .25, 0]])
    return {c.id: c for c in (Case('jacobi2d', 2, jac, 1), Case('blur5x5', 2, np.outer(b, b) / 256, 2),
                              Case('bilateral13', 2, None, 2 * SIGMA_D), Case('seven3d', 3, lap, 1))}


CASES = _cases()


def shifted(p, off, r, shape):
    """The window of the r-padded array p displaced by off: p[r + off : r + off + n] on each axis."""
    return p[tuple(slice(r + o, r + o + n) for o, n in zip(off, shape))]


def linear_sum(p, shape, case: Case):
    """sum_k w_k * shifted(p, off_k) over the nonzero weights, with the weights as Python floats."""
    acc, r = None, case.radius
    for idx, w in np.ndenumerate(case.weights):
        if w != 0:
            term = float(w) * shifted(p, [i - r for i in idx], r, shape)
            acc = term if acc is None else acc + term
    return acc


def bilateral_sum(p, c, shape, exp):
    """The bilateral filter over the padded p and centre c; the same code on numpy, cupy, torch and jax."""
    r, neg_cr = 2 * SIGMA_D, -1 / (2 * SIGMA_R * SIGMA_R)
    k = s = 0
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            v = shifted(p, (dy, dx), r, shape)
            d = v - c
            w = exp(d * d * neg_cr) * math.exp(-(dy * dy + dx * dx) / (2 * SIGMA_D * SIGMA_D))
            k, s = k + w, s + w * v
    return s / k


def reference(case: Case, a: np.ndarray) -> np.ndarray:
    a = a.astype(np.float64)
    p = np.pad(a, case.radius, mode='edge')
    return linear_sum(p, a.shape, case) if case.weights is not None else bilateral_sum(p, a, a.shape, np.exp)


def random_grid(seed: int, shape) -> np.ndarray:
    return np.random.default_rng(seed).random(shape, dtype=np.float32)


def errors(got: np.ndarray, ref: np.ndarray, margin: int) -> tuple[float, float]:
    sl = tuple(slice(margin, n - margin) for n in ref.shape)
    diff = np.abs(got[sl].astype(np.float64) - ref[sl])
    return float(np.max(diff / np.maximum(np.abs(ref[sl]), 1e-3))), float(diff.max())


def time_events(call, new_event, elapsed_ms, batch: int, batches: int) -> list[float]:
    """ms per call of each batch, bracketed by CUDA events on the current stream."""
    samples = []
    for _ in range(batches):
        start, stop = new_event(), new_event()
        start.record()
        for _ in range(batch):
            call()
        stop.record()
        stop.synchronize()
        samples.append(elapsed_ms(start, stop) / batch)
    return samples


class Run(NamedTuple):
    call: Callable[[], Any]  # one invocation; returns its result (the preallocated output where there is one)
    out: Any                 # the preallocated output, or None where the API allocates its own
    boundary: str | None
    note: str


class Unavailable(Exception):
    pass


def describe(e: BaseException) -> str:
    return f'{type(e).__name__}: {e}'.strip()[:800]


# ---------------------------------------------------------------- peers, one framework per child process

class Peer:
    name, warmup, batched, gpu = '', 3, True, None
    def upload(self, h): return h
    def to_host(self, x): return x
    def sync(self, result=None): pass
    def poison(self, x): x.fill(np.nan)
    def free(self): pass


class CupyPeer(Peer):
    name = 'cupy'

    def __init__(self, args):
        import cupy as cp
        from cupyx.scipy import ndimage
        self.cp, self.ndi, self.version = cp, ndimage, cp.__version__
        gpu = cp.cuda.runtime.getDeviceProperties(0)['name']  # raises where there is no usable GPU
        self.gpu = gpu.decode() if isinstance(gpu, bytes) else str(gpu)

    def upload(self, h): return self.cp.asarray(h)
    def to_host(self, x): return self.cp.asnumpy(x)
    def sync(self, result=None): self.cp.cuda.Device().synchronize()
    def has_nan(self, x): return bool(self.cp.isnan(x).any())
    def free(self): self.cp.get_default_memory_pool().free_all_blocks()

    def time(self, call, batch, batches):
        return time_events(call, self.cp.cuda.Event, self.cp.cuda.get_elapsed_time, batch, batches)

    def variants(self, key, case):
        cp, r = self.cp, case.radius
        if key == 'cupy_copy':
            def copy(a):
                out = cp.empty_like(a)
                def call():
                    cp.copyto(out, a)
                    return out
                return Run(call, out, None, 'cp.copyto(out, a)')
            return [('copyto', copy)]
        if case.weights is not None:
            w = cp.asarray(case.weights, dtype=cp.float32)  # float32 weights: cupyx computes in float32
            def correlate(a):
                out = cp.empty_like(a)
                return Run(lambda: self.ndi.correlate(a, w, output=out, mode='nearest'), out, 'nearest',
                           'cupyx.scipy.ndimage.correlate(a, w float32, output=out, mode="nearest")')
            return [('correlate', correlate)]

        def slices(a):
            return Run(lambda: bilateral_sum(cp.pad(a, r, mode='edge'), a, a.shape, cp.exp), None, 'nearest',
                       'cupy array ops on shifted slices of cp.pad(a, 6, mode="edge"); allocates per call')

        @cp.fuse()
        def tap(v, c, k, s, g, neg_cr):
            d = v - c
            w = cp.exp(d * d * neg_cr) * g
            return k + w, s + w * v

        def fused(a):
            neg_cr = np.float32(-1 / (2 * SIGMA_R * SIGMA_R))
            offsets = [(dy, dx, np.float32(math.exp(-(dy * dy + dx * dx) / (2 * SIGMA_D * SIGMA_D))))
                       for dy in range(-r, r + 1) for dx in range(-r, r + 1)]
            def call():
                p = cp.pad(a, r, mode='edge')
                k, s = cp.zeros_like(a), cp.zeros_like(a)
                for dy, dx, g in offsets:
                    k, s = tap(shifted(p, (dy, dx), r, a.shape), a, k, s, g, neg_cr)
                return s / k
            return Run(call, None, 'nearest', 'one cupy.fuse kernel per tap over slices of cp.pad(a, 6, mode="edge")')
        return [('slices', slices), ('fuse', fused)]


class TorchPeer(Peer):
    name = 'torch'

    def __init__(self, args):
        import torch
        import torch.nn.functional as F
        if not torch.cuda.is_available():
            raise Unavailable(f'torch {torch.__version__}: torch.cuda.is_available() is False')
        self.torch, self.F, self.version, self.gpu = torch, F, torch.__version__, torch.cuda.get_device_name(0)
        torch.set_grad_enabled(False)
        torch.backends.cudnn.benchmark = True
        torch.backends.cudnn.allow_tf32 = False  # strict float32, like the other peers
        torch.backends.cuda.matmul.allow_tf32 = False

    def upload(self, h): return self.torch.from_numpy(h).to('cuda')
    def to_host(self, x): return x.cpu().numpy()
    def sync(self, result=None): self.torch.cuda.synchronize()
    def has_nan(self, x): return bool(self.torch.isnan(x).any().item())
    def poison(self, x): x.fill_(float('nan'))
    def free(self): self.torch.cuda.empty_cache()

    def time(self, call, batch, batches):
        return time_events(call, lambda: self.torch.cuda.Event(enable_timing=True), lambda a, b: a.elapsed_time(b),
                           batch, batches)

    def variants(self, key, case):
        torch, F, r = self.torch, self.F, case.radius
        if key == 'torch_copy':
            def copy(a):
                out = torch.empty_like(a)
                return Run(lambda: out.copy_(a), out, None, 'out.copy_(a)')
            return [('copy_', copy)]
        if case.weights is not None:
            w = torch.tensor(case.weights, dtype=torch.float32, device='cuda').reshape(1, 1, *case.weights.shape)
            conv = F.conv2d if case.ndim == 2 else F.conv3d
            def convolve(a):
                x = a.reshape(1, 1, *a.shape)
                return Run(lambda: conv(x, w, padding=r), None, 'zeros',
                           f'F.conv{case.ndim}d(padding={r}) pads with zeros: checked on the interior only; '
                           'cudnn.benchmark, TF32 off; allocates its output per call')
            return [(f'conv{case.ndim}d', convolve)]

        def slices(a):
            def call():
                p = F.pad(a[None, None], (r, r, r, r), mode='replicate')[0, 0]
                return bilateral_sum(p, a, a.shape, torch.exp)
            return Run(call, None, 'nearest', 'eager torch ops on shifted slices of F.pad(mode="replicate")')
        return [('slices', slices)]


class JaxPeer(Peer):
    name = 'jax'

    def __init__(self, args):
        import jax
        import jax.numpy as jnp
        dev = jax.devices()[0]
        if dev.platform not in ('gpu', 'cuda'):
            raise Unavailable(f'jax {jax.__version__} has no GPU backend (default device: {dev.platform})')
        self.jax, self.jnp, self.version, self.gpu = jax, jnp, jax.__version__, dev.device_kind

    def upload(self, h): return self.jax.device_put(h)
    def to_host(self, x): return np.asarray(x)
    def has_nan(self, x): return bool(self.jnp.isnan(x).any())

    def sync(self, result=None):
        if result is not None:
            result.block_until_ready()

    def time(self, call, batch, batches):
        samples, last = [], call()
        last.block_until_ready()
        for _ in range(batches):
            t0 = time.perf_counter()
            for _ in range(batch):
                last = call()
            last.block_until_ready()
            samples.append((time.perf_counter() - t0) * 1e3 / batch)
        return samples

    def variants(self, key, case):
        jnp, r = self.jnp, case.radius
        if case.weights is not None:
            f = self.jax.jit(lambda a: linear_sum(jnp.pad(a, r, mode='edge'), a.shape, case))
        else:
            f = self.jax.jit(lambda a: bilateral_sum(jnp.pad(a, r, mode='edge'), a, a.shape, jnp.exp))
        note = ('jax.jit of shifted slices of jnp.pad(a, r, mode="edge"); every call allocates its output (JAX arrays '
                'are immutable); timed with perf_counter around a batch, block_until_ready on its last result')
        return [('jit', lambda a: Run(lambda: f(a), None, 'nearest', note))]


class ScipyPeer(Peer):
    name, warmup, batched = 'scipy', 1, False

    def __init__(self, args):
        import scipy
        from scipy import ndimage
        self.ndi, self.version, self.budget_s = ndimage, scipy.__version__, args.scipy_budget_s

    def has_nan(self, x): return bool(np.isnan(x).any())

    def time(self, call, batch, batches):
        samples: list[float] = []
        while len(samples) < 3 or (sum(samples) < self.budget_s * 1e3 and len(samples) < 100):
            t0 = time.perf_counter()
            call()
            samples.append((time.perf_counter() - t0) * 1e3)
        return samples

    def variants(self, key, case):
        if case.weights is None:
            raise Unavailable('scipy.ndimage has no bilateral filter (generic_filter would time a Python callback, not scipy)')
        def correlate(a):
            out = np.empty_like(a)
            def call():
                self.ndi.correlate(a, case.weights, output=out, mode='nearest')
                return out
            return Run(call, out, 'nearest', f'scipy.ndimage.correlate, single-threaded on {cpu_model()} '
                                              f'({os.cpu_count()} cpus)')
        return [('correlate', correlate)]


FRAMEWORKS = {'cupy': CupyPeer, 'torch': TorchPeer, 'jax': JaxPeer, 'scipy': ScipyPeer}


# ---------------------------------------------------------------- measuring (in the child)

def measure_variant(fw: Peer, make, case: Case, key: str, dev, nbytes: int, args) -> dict[str, Any]:
    small = random_grid(args.seed + 1, CHECK_SHAPE[case.ndim])
    run = make(fw.upload(small))
    got = np.asarray(fw.to_host(run.call()), dtype=np.float64).reshape(small.shape)
    ref = small.astype(np.float64) if key.endswith('_copy') else reference(case, small)
    rel, absolute = errors(got, ref, case.radius if run.boundary == 'zeros' else 0)
    del run, got
    fw.free()
    run = make(dev)
    if run.out is not None:
        fw.poison(run.out)
    fw.sync(run.call())  # the first call: compilation, cuDNN autotuning
    t0 = time.perf_counter()
    for _ in range(fw.warmup):
        fw.sync(run.call())
    estimate_s = (time.perf_counter() - t0) / fw.warmup
    batch = max(1, min(args.batch, int(BATCH_CAP_S / max(estimate_s, 1e-9)))) if fw.batched else 1
    if fw.batched:
        fw.time(run.call, batch, 1)  # one untimed batch: memory pools reach the size a batch in flight needs
    samples = fw.time(run.call, batch, args.batches)
    final = run.out if run.out is not None else run.call()
    fw.sync(final)
    ms = statistics.median(samples)
    entry = {'ms': ms, 'min_ms': min(samples), 'max_ms': max(samples), 'samples': len(samples), 'batch': batch,
             'max_rel_err': rel, 'max_abs_err': absolute, 'check_shape': list(small.shape),
             'nan_free': not fw.has_nan(final), 'poisoned': run.out is not None, 'gb_s': 2 * nbytes / (ms * 1e6),
             'sample_ms': samples}
    if run.boundary:
        entry['boundary'] = run.boundary
    entry['note'] = run.note
    return entry


def measure(fw: Peer, key: str, case: Case, dev, nbytes: int, args) -> dict[str, Any]:
    """The entry of one (case, peer): its fastest variant, with the others' figures under 'variants'."""
    try:
        variants = fw.variants(key, case)
    except Unavailable as e:
        return {'unavailable': str(e)}
    except Exception as e:
        return {'error': describe(e)}
    results = {}
    for name, make in variants:
        try:
            results[name] = measure_variant(fw, make, case, key, dev, nbytes, args)
        except Exception as e:
            results[name] = {'error': describe(e)}
        fw.free()
    ok = [n for n, r in results.items() if 'ms' in r]
    best = min(ok, key=lambda n: results[n]['ms']) if ok else next(iter(results))
    entry = dict(results[best], variant=best)
    if len(results) > 1:
        entry['variants'] = {n: {k: r[k] for k in ('ms', 'max_rel_err', 'error') if k in r} for n, r in results.items()}
    return entry


def overhead(fw: Peer, edge: int, args) -> dict[str, Any]:
    name, make = fw.variants(fw.name, CASES['jacobi2d'])[0]
    run = make(fw.upload(random_grid(args.seed, (edge, edge))))
    for _ in range(10):
        fw.sync(run.call())
    calls = 100 if args.quick else 1000

    def per_call_us(sync_each: bool) -> float:
        t0 = time.perf_counter()
        for _ in range(calls):
            r = run.call()
            if sync_each:
                fw.sync(r)
        fw.sync(r)
        return (time.perf_counter() - t0) * 1e6 / calls
    return {'queued_us': statistics.median(per_call_us(False) for _ in range(5)),
            'synced_us': statistics.median(per_call_us(True) for _ in range(5)), 'calls': calls, 'repeats': 5, 'variant': name}


def clean(x):
    """NaN and infinities become null: node's JSON.parse rejects them."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    return [clean(v) for v in x] if isinstance(x, (list, tuple)) else x


def write_json(path: str, data) -> None:
    with open(f'{path}.tmp', 'w') as f:
        json.dump(clean(data), f, indent=2, allow_nan=False)
    os.replace(f'{path}.tmp', path)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def brief(e: dict) -> str:
    if 'ms' not in e:
        return next(f'{k}: {v}' for k, v in e.items())
    err = e['max_rel_err'] if e['max_rel_err'] is not None else float('nan')
    return (f"{e['ms']:.4g} ms (min {e['min_ms']:.4g}, max {e['max_ms']:.4g}, {e['samples']}x{e['batch']} calls) "
            f"rel err {err:.2g} {e.get('variant', '')} {e.get('boundary', '')}{'' if e['nan_free'] else ' NaN LEFT IN OUTPUT'}")


def worker(args) -> None:
    state: dict[str, Any] = {'framework': args.worker, 'version': None, 'gpu': None, 'cases': {}, 'overhead': None}
    write_json(args.worker_out, state)
    try:
        fw = FRAMEWORKS[args.worker](args)
    except Exception as e:
        state['unavailable'] = describe(e)
        log(f'[{args.worker}] unavailable: {state["unavailable"]}')
        return write_json(args.worker_out, state)
    state.update(version=fw.version, gpu=fw.gpu)
    for cid in args.cases:
        case = CASES[cid]
        host = random_grid(args.seed, (args.sizes[case.ndim],) * case.ndim)
        entries = state['cases'].setdefault(cid, {})
        try:
            dev = fw.upload(host)
        except Exception as e:
            entries.update({k: {'error': f'upload: {describe(e)}'} for k in KEYS[fw.name]})
            continue
        for key in KEYS[fw.name]:
            log(f'[{fw.name}] {cid} {"x".join(map(str, host.shape))} {key} ...')
            entries[key] = measure(fw, key, case, dev, host.nbytes, args)
            write_json(args.worker_out, state)
            log(f'[{fw.name}] {cid} {key}: {brief(entries[key])}')
        del dev
        fw.free()
    if args.overhead and fw.name in OVERHEAD_PEERS:
        try:
            state['overhead'] = overhead(fw, args.overhead, args)
        except Exception as e:
            state['overhead'] = {'error': describe(e)}
        log(f'[{fw.name}] overhead {args.overhead}^2: {state["overhead"]}')
    write_json(args.worker_out, state)


# ---------------------------------------------------------------- the parent

def cpu_model() -> str:
    try:
        with open('/proc/cpuinfo') as f:
            return next(l.split(':', 1)[1].strip() for l in f if l.startswith('model name'))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


def run_worker(name: str, args, result: dict) -> None:
    fd, out_path = tempfile.mkstemp(prefix=f'peers-{name}-', suffix='.json')
    os.close(fd)
    cmd = [sys.executable, os.path.abspath(__file__), '--worker', name, '--worker-out', out_path, '--json', out_path,
           '--cases', ','.join(args.cases), '--size', f'2d={args.sizes[2]},3d={args.sizes[3]}', '--batch', str(args.batch),
           '--batches', str(args.batches), '--overhead', str(args.overhead), '--scipy-budget-s', str(args.scipy_budget_s),
           '--seed', str(args.seed)] + (['--quick'] if args.quick else [])
    tail: collections.deque[str] = collections.deque(maxlen=12)
    how, started = 'was interrupted', time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors='replace')

    def pump():  # echo the child's progress and keep its last lines for the error entries
        for line in proc.stdout:
            sys.stderr.write(line)
            sys.stderr.flush()
            tail.append(line.rstrip())
    pumper = threading.Thread(target=pump, daemon=True)
    pumper.start()
    try:
        rc = proc.wait(timeout=args.worker_timeout_s)
        how = 'finished' if rc == 0 else f'exited with status {rc}'
    except subprocess.TimeoutExpired:
        how = f'ran past --worker-timeout-s {args.worker_timeout_s:g}'
    finally:
        if proc.poll() is None:
            proc.kill()  # our own child, by its pid
            proc.wait()
        pumper.join(5)
        try:
            with open(out_path) as f:
                state = json.load(f)
        except (OSError, ValueError):
            state = {}
        os.unlink(out_path)
        merge(name, state, how, list(tail), result)
        log(f'== {name} {how} after {time.perf_counter() - started:.0f} s')


def merge(name: str, state: dict, how: str, tail: list[str], result: dict) -> None:
    """Copies a child's entries into the result; an entry it never wrote becomes an error (or unavailable)."""
    gone = ({'unavailable': state['unavailable']} if state.get('unavailable') else
            {'error': f'the {name} worker {how} before this entry; its last output: ' + ' | '.join(tail)[-1500:]})
    if name != 'scipy':
        result['host'][name] = state.get('version')
        result['host']['gpu'] = result['host']['gpu'] or state.get('gpu')
    for case in result['cases']:
        got = state.get('cases', {}).get(case['id'], {})
        case['peers'].update({key: got.get(key) or dict(gone) for key in KEYS[name]})
    if name in OVERHEAD_PEERS and result['overhead'] is not None:
        result['overhead'][name] = state.get('overhead') or dict(gone)


def print_summary(result: dict) -> None:
    for case in result['cases']:
        print(f"{case['id']} {'x'.join(map(str, case['shape']))}")
        for key, e in case['peers'].items():
            print(f'  {key:<11} {brief(e)[:160]}')
    for name, o in (result['overhead'] or {}).items():
        if name != 'shape':
            print(f"overhead {name:<6} " + (f"queued {o['queued_us']:.2f} us/call, synced {o['synced_us']:.2f} us/call"
                                           if 'queued_us' in o else brief(o)[:160]))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--json', required=True, help='where to write the results')
    p.add_argument('--cases', default=','.join(CASES))
    p.add_argument('--peers', default=','.join(FRAMEWORKS))
    p.add_argument('--size', default='', help='edge lengths, e.g. 2d=8192,3d=512')
    p.add_argument('--batch', type=int, help='calls per timed batch (default 20)')
    p.add_argument('--batches', type=int, help='timed batches (default 11)')
    p.add_argument('--overhead', type=int, default=256, help='edge of the per-call overhead grid; 0 skips it')
    p.add_argument('--scipy-budget-s', type=float, help='time for the scipy calls of one entry (default 3)')
    p.add_argument('--seed', type=int, default=20261122)
    p.add_argument('--quick', action='store_true', help='512^2 and 64^3 grids, few batches: a smoke test')
    p.add_argument('--worker-timeout-s', type=float, default=1800, help='limit for one framework child process')
    p.add_argument('--worker', choices=list(FRAMEWORKS), help=argparse.SUPPRESS)
    p.add_argument('--worker-out', help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.cases, args.peers = [c for c in args.cases.split(',') if c], [c for c in args.peers.split(',') if c]
    for kind, names, known in (('case', args.cases, CASES), ('peer', args.peers, FRAMEWORKS)):
        if bad := [n for n in names if n not in known]:
            p.error(f'unknown {kind}(s) {bad}; known: {", ".join(known)}')
    args.sizes = {2: 512, 3: 64} if args.quick else {2: 8192, 3: 512}
    for item in filter(None, args.size.split(',')):
        dims, _, edge = item.partition('=')
        if dims not in ('2d', '3d') or not edge.isdigit():
            p.error(f'--size wants 2d=N,3d=N, got {item!r}')
        args.sizes[int(dims[0])] = int(edge)
    args.batch = args.batch or (5 if args.quick else 20)
    args.batches = args.batches or (3 if args.quick else 11)
    if args.scipy_budget_s is None:
        args.scipy_budget_s = 0.3 if args.quick else 3.0
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    signal.signal(signal.SIGTERM, lambda signum, _: sys.exit(128 + signum))  # so that `finally` writes the JSON
    try:
        import scipy
        scipy_version = scipy.__version__
    except ImportError:
        scipy_version = None
    result = {
        'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'host': {'cpu': cpu_model(), 'cpus': os.cpu_count(), 'python': platform.python_version(), 'numpy': np.__version__,
                 'scipy': scipy_version, 'cupy': None, 'torch': None, 'jax': None, 'gpu': None},
        'settings': {'batch': args.batch, 'batches': args.batches, 'batch_cap_s': BATCH_CAP_S, 'seed': args.seed,
                     'scipy_budget_s': args.scipy_budget_s, 'check_shapes': {f'{d}d': s for d, s in CHECK_SHAPE.items()}},
        'cases': [{'id': c, 'shape': [args.sizes[CASES[c].ndim]] * CASES[c].ndim, 'dtype': 'float32', 'peers': {}}
                  for c in args.cases],
        'overhead': {'shape': [args.overhead, args.overhead]} if args.overhead else None,
    }
    try:
        for name in args.peers:
            log(f'== {name}')
            run_worker(name, args, result)
            write_json(args.json, result)
    finally:
        for name in args.peers:  # frameworks that never ran (the script was interrupted)
            for case in result['cases']:
                for key in KEYS[name]:
                    case['peers'].setdefault(key, {'error': 'not run: the script was interrupted'})
            if result['overhead'] is not None and name in OVERHEAD_PEERS:
                result['overhead'].setdefault(name, {'error': 'not run: the script was interrupted'})
        write_json(args.json, result)
        print_summary(result)
        log(f'wrote {args.json}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
