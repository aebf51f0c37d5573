/**
 * The kernel of a 2-D staged program under register streaming (stream-plan.ts): CUDA, or OpenCL
 * where lanes load their own neighbours (`loads`; no shuffles then, every lane its own). The first
 * blocks hold whole warps, each streaming one strip of the tiles inside the grid; each block after
 * them takes one tile of the grid's edge (the frame) and runs the staged tile code with every cell
 * checked (render-staged-gpu.ts). A strip's lanes hold `lanes` consecutive columns each, walk down
 * its rows, and keep every stage's recent rows in registers, reading horizontal neighbours from the
 * lanes beside them by shuffles. Lanes near the warp's sides compute wrong values (their
 * neighbours are missing), which spread inwards by each stage's reach: the halo columns absorb
 * them, and only the strip's own columns are stored. Under `loads` a lane instead loads the
 * columns beside its own that the chain reaches and computes each stage over those its readers
 * need (the plan's column extents), so every lane stores.
 */
import type { LoopProgram } from '../../ir/kernel.js';
import type { Expr, GridRef, Stmt } from '../../ir/nodes.js';
import type { Stage } from '../../ir/staged.js';
import { forEachExpr } from '../../ir/visitor.js';
import type { Dtype } from '../../dtype.js';
import { BodyRenderer } from '../c-like/body-renderer.js';
import { CodeWriter } from '../c-like/code-writer.js';
import { realType } from '../c-like/dialect.js';
import { range, stagedSpec, stageView } from '../c-like/staged-body.js';
import { constantShifts } from '../tap-offsets.js';
import { CUDA_GPU, vectorStores, vectorWidth, type GpuDialect } from './gpu-dialect.js';
import { StagedTileWriter } from './render-staged-gpu.js';
import { ownWidth, streamPlan, WARP, type StreamPlan, type StreamWindow } from './stream-plan.js';
import { blockExtent, strategyKey, threadsPerBlock, type KernelStrategy } from './strategy.js';

export function renderStreamedGpuKernel(program: LoopProgram, dialect: GpuDialect, strategy: KernelStrategy): string {
  const stream = strategy.stream;
  if (!stream || (!stream.loads && dialect !== CUDA_GPU)) throw new Error(`internal: register streaming by shuffles renders CUDA only (${strategyKey(strategy)})`);
  const planned = streamPlan(program);
  if (typeof planned === 'string') throw new Error(`internal: ${program.name} cannot stream: ${planned}`);
  const plan: StreamPlan = planned;
  const spec = stagedSpec(program);
  const tile = blockExtent(strategy);
  const threads = threadsPerBlock(strategy);
  const real = realType(program.compute);
  const { lanes: V, rows: H, ahead: P, halo } = stream;
  const loads = stream.loads === true;
  // Columns beside a lane's own that a window holds (loads streaming; none under shuffles).
  const lo = (x: StreamWindow) => (loads ? x.cols.lo : 0);
  const span = (x: StreamWindow) => V + (loads ? x.cols.lo + x.cols.hi : 0);
  const W = ownWidth(stream);
  const R = program.reach;
  const w = new CodeWriter(program.origin, `sejits-${program.name}.${dialect.extension}`, dialect.c.lineDirectives);
  const tiles = new StagedTileWriter(program, dialect, strategy, w);
  w.line(`/* sejits ${dialect.c.name}: ${program.name} (staged: ${spec.stages.length} stages, register streaming${loads ? ' (lanes load their neighbours)' : ''}: strips of ${W} columns × ${H} rows, frame tiles ${tile.join('×')}; computes in ${program.compute}); ${strategyKey(strategy)} */`);
  tiles.writeHead();

  // The split of the grid, as streamPartition computes it on the host.
  w.line('  /* tiles [sa, sb) per axis keep their whole chain inside the grid: streamed; the others are the frame */');
  w.line(`  const sj_idx ${range(2).map((a) => `sa${a} = min((sj_idx)${Math.ceil(R.lo[a] / tile[a])}, (sj_idx)nb${a})`).join(', ')};`);
  w.line(`  const sj_idx ${range(2).map((a) => `sb${a} = max(sa${a}, n${a} > ${R.hi[a]} ? (n${a} - ${R.hi[a]}) / ${tile[a]} : (sj_idx)0)`).join(', ')};`);
  w.line(`  const sj_idx rb = sa0 * ${tile[0]}, re = sb0 * ${tile[0]}, cb = sa1 * ${tile[1]}, ce = sb1 * ${tile[1]};`);
  w.line(`  const sj_idx stripsX = (ce - cb + ${W - 1}) / ${W}, stripsY = (re - rb + ${H - 1}) / ${H};`);
  w.line(`  const sj_idx streamBlocks = (stripsX * stripsY + ${threads / WARP - 1}) / ${threads / WARP};`);
  // The strips' blocks first, the frame's after: frame blocks then fill the SMs the last strips leave
  // idle (numbered first, they cost 4 fused Laplacians 0.240 ms instead of 0.222 on the H100).
  w.line(`  const sj_idx q = ${dialect.blockIndex};`);
  w.line('  if (q >= streamBlocks) {');
  w.line('    const sj_idx fq = q - streamBlocks;');
  w.line('    /* the frame: whole rows of tiles above and below the streamed ones, the tiles beside them between */');
  w.line('    const sj_idx top = sa0 * nb1, side = nb1 - (sb1 - sa1), mid = (sb0 - sa0) * side;');
  w.line('    sj_idx tr, tc;');
  w.line('    if (fq < top) { tr = fq / nb1; tc = fq % nb1; }');
  w.line('    else if (fq - top < mid) { tr = sa0 + (fq - top) / side; tc = (fq - top) % side; if (tc >= sa1) tc += sb1 - sa1; }');
  w.line('    else { tr = sb0 + (fq - top - mid) / nb1; tc = (fq - top - mid) % nb1; }');
  w.line(`    const sj_idx g0 = tr * ${tile[0]}, g1 = tc * ${tile[1]};`);
  tiles.writeStages(false, '    ');
  w.line('    return;');
  w.line('  }');

  w.line(`  /* a strip: rows [r0, rEnd) and own columns [cs, cs + ${W}) of the streamed tiles; this lane's columns [c, c + ${V}) */`);
  w.line('  const int lane = t & 31;');
  w.line(`  const sj_idx warp = q * ${threads / WARP} + (t >> 5);`);
  w.line('  const sj_idx sy = warp / stripsX, sx = warp - sy * stripsX;');
  w.line(`  const sj_idx r0 = rb + sy * ${H};`);
  w.line('  if (r0 >= re) return;');
  w.line(`  const sj_idx rEnd = min(r0 + ${H}, re), cs = cb + sx * ${W};`);
  w.line(`  const sj_idx c = cs - ${halo} + ${V} * lane;`);
  if (loads) {
    // Lanes past the strip's end load as the last whole lane does (their columns beside stay in the
    // grid: streamed tiles keep the chain's reach inside it) and store nothing.
    w.line(`  const sj_idx cl = min(c, ce - ${V});`);
    w.line(`  const bool own = c + ${V} <= ce;`);
  } else {
    w.line(`  const sj_idx cl = min(max(c, (sj_idx)0), n1 - ${V});`);
    w.line(`  const bool own = c >= cs && c + ${V} <= min(cs + ${W}, ce);`);
    w.line('  const unsigned FULL = 0xffffffffu;');
  }
  const name = (x: StreamWindow) => `W${x.key}`;
  const inputs = plan.windows.filter((x) => x.input !== undefined);
  for (const x of plan.windows) w.line(`  ${real} ${name(x)}[${x.depth}][${span(x)}];`);
  for (const x of plan.windows) w.line(`  for (int r = 0; r < ${x.depth}; r++) for (int v = 0; v < ${span(x)}; v++) ${name(x)}[r][v] = 0;`);
  for (const x of inputs) w.line(`  ${real} Q${x.input}[${P}][${span(x)}];`);
  const rowLoad = (x: StreamWindow, target: string, row: string, ind: string) => {
    const j = x.input!;
    w.line(`${ind}{`);
    w.line(`${ind}  const sj_idx at = min(max(${row}, (sj_idx)0), n0 - 1) * s0 + cl;`);
    // The lane's own columns, then those beside them, each part in the widest vectors its offset aligns.
    const parts: [number, number][] = [[0, V]];
    if (lo(x) > 0) parts.push([-lo(x), lo(x)]);
    if (span(x) - V - lo(x) > 0) parts.push([V, span(x) - V - lo(x)]);
    for (const [from, count] of parts) vectorLoad(w, dialect, program.inputs[j].dtype, real, count, alignment(from, V), `in${j}`, 'at', from, (v) => `${target}[${v + from + lo(x)}]`, ind + '  ');
    w.line(`${ind}}`);
  };
  for (const x of inputs) for (let i = 0; i < P; i++) rowLoad(x, `Q${x.input}[${i}]`, `r0 - ${plan.above - i}`, '  ');
  w.line(`  const sj_idx iters = rEnd - r0 + ${plan.above + plan.outputLag};`);
  // (OpenCL's clang warns that it cannot unroll a loop of unknown count: CUDA only.)
  if (dialect === CUDA_GPU) w.line('#pragma unroll 4');
  w.line('  for (sj_idx it = 0; it < iters; it++) {');
  w.line(`    const sj_idx j = r0 - ${plan.above} + it;`);
  // values(e): the new row's element at window index e (column e - lo).
  const shiftIn = (x: StreamWindow, values: (e: number) => string, ind: string) => {
    const n = span(x);
    for (let r = 0; r + 1 < x.depth; r++) w.line(`${ind}${range(n).map((e) => `${name(x)}[${r}][${e}] = ${name(x)}[${r + 1}][${e}];`).join(' ')}`);
    w.line(`${ind}${range(n).map((e) => `${name(x)}[${x.depth - 1}][${e}] = ${values(e)};`).join(' ')}`);
  };
  for (const x of inputs) {
    w.line(`    /* input ${x.input}: row j arrives, row j + ${P} is loaded */`);
    shiftIn(x, (e) => `Q${x.input}[0][${e}]`, '    ');
    for (let i = 0; i + 1 < P; i++) w.line(`    ${range(span(x)).map((e) => `Q${x.input}[${i}][${e}] = Q${x.input}[${i + 1}][${e}];`).join(' ')}`);
    rowLoad(x, `Q${x.input}[${P - 1}]`, `j + ${P}`, '    ');
  }
  spec.stages.forEach((stage, s) => writeStage(s));
  w.line('  }');
  w.line('}');
  return w.toString();

  function writeStage(s: number): void {
    const stage = spec.stages[s];
    const { lag, windowOf: keyOf } = plan.stages[s];
    // The columns this stage computes, relative to the lane's first: its own, and under loads those its readers need beside them.
    const first = loads ? -plan.stages[s].cols.lo : 0;
    const count = V + (loads ? plan.stages[s].cols.lo + plan.stages[s].cols.hi : 0);
    w.line(`    /* stage ${s} (${stage.boundary}): row j - ${lag} */`);
    w.line('    {');
    w.line(`      const sj_idx js = j - ${lag};`);
    const windowOf = (g: GridRef) => plan.windows.find((x) => x.key === keyOf.get(g.index))!;
    // Shuffled values, once per (window, row, lane offset, element) the body reads.
    const shuffles = new Map<string, string>();
    const read = (g: GridRef, shifts: readonly number[], v: number): string => {
      const x = windowOf(g);
      const row = x.depth - 1 - (lag - x.lag - shifts[0]);
      const col = v + shifts[1];
      if (loads) return `${name(x)}[${row}][${col + lo(x)}]`;
      const m = Math.floor(col / V);
      const e = col - m * V;
      const own = `${name(x)}[${row}][${e}]`;
      if (m === 0) return own;
      const key = `${x.key}:${row}:${m}:${e}`;
      let sh = shuffles.get(key);
      if (!sh) {
        sh = `sh${shuffles.size}`;
        shuffles.set(key, sh);
        w.line(`      const ${real} ${sh} = ${m > 0 ? `__shfl_down_sync(FULL, ${own}, ${m})` : `__shfl_up_sync(FULL, ${own}, ${-m})`};`);
      }
      return sh;
    };
    // Declare every shuffle before the bodies: shuffles must run on all 32 lanes, outside any branch.
    const body = new StreamBody(program, dialect, stage, read);
    if (!loads) for (let v = 0; v < V; v++) body.collect(stage.interior, v);
    stage.results.forEach((_, k) => w.line(`      ${real} R${k}[${count}];`));
    for (let v = first; v < first + count; v++) {
      w.line('      {');
      w.line(`        const sj_idx i0 = js, i1 = c + ${v};`);
      w.line('        (void)i0; (void)i1;');
      stage.results.forEach((_, k) => w.line(`        ${real} sj_r${k};`));
      body.column = v;
      body.stmts(stage.interior, w, '        ');
      w.unmap();
      stage.results.forEach((_, k) => w.line(`        R${k}[${v - first}] = sj_r${k};`));
      w.line('      }');
    }
    stage.results.forEach((res, k) => {
      const x = plan.windows.find((y) => y.stage === s && y.result === k);
      // Window index e holds column e - lo(x); R holds column v at v - first.
      if (x) shiftIn(x, (e) => `R${k}[${e - lo(x) - first}]`, '      ');
      if (res.output === undefined) return;
      const dtype = program.outputs[res.output].dtype;
      w.line(`      if (own && js >= r0 && js < rEnd) {`);
      const values = range(V).map((v) => body.convertForStore(dtype, `R${k}[${v - first}]`));
      for (const line of vectorStores(dialect, dtype, values, `out${res.output}`, (o) => (o ? `js * s0 + c + ${o}` : 'js * s0 + c'))) w.line(`        ${line}`);
      w.line('      }');
    });
    w.line('    }');
  }
}

/** A stage body whose loads read the stage's windows (or their shuffles) for lane column `column`. */
class StreamBody extends BodyRenderer {
  column = 0;

  constructor(
    program: LoopProgram,
    dialect: GpuDialect,
    stage: Stage,
    private readonly read: (grid: GridRef, shifts: readonly number[], column: number) => string,
  ) {
    super(dialect.c, stageView(program, stage), undefined, (k) => `sj_r${k}`);
  }

  /** Names (and declares) every shuffle a column's body reads, before any body is written. */
  collect(body: readonly Stmt[], column: number): void {
    const visit = (e: Expr) => {
      if (e.kind === 'load') this.read(e.grid, constantShifts(e.coords)!, column);
    };
    forEachExpr(body, visit);
  }

  protected override access(grid: GridRef, coords: readonly Expr[]): string {
    const shifts = constantShifts(coords);
    if (!shifts) throw new Error('internal: a streamed stage reads at computed coordinates');
    return this.read(grid, shifts, this.column);
  }
}

/** The largest power of two dividing both `offset` and the lane width: how far a load at that offset from a lane's first column is aligned. */
function alignment(offset: number, V: number): number {
  let a = V;
  while (offset % a !== 0) a /= 2;
  return a;
}

/**
 * Elements [from, from + count) of `pointer + index` into compute-typed `target(k)` (k from 0), in
 * the widest vectors that both fit `count` and keep the `aligned` alignment of the first element.
 */
function vectorLoad(w: CodeWriter, dialect: GpuDialect, dtype: Dtype, real: string, count: number, aligned: number, pointer: string, index: string, from: number, target: (k: number) => string, ind: string): void {
  const chunk = vectorWidth(dtype, gcd(aligned, count));
  for (let o = 0; o < count; o += chunk) {
    const offset = from + o;
    const at = offset > 0 ? `${index} + ${offset}` : offset < 0 ? `${index} - ${-offset}` : index;
    if (chunk === 1) {
      w.line(`${ind}${target(o)} = (${real})${pointer}[${at}];`);
      continue;
    }
    w.line(`${ind}{ const ${dialect.vectorType(dtype, chunk)} e = ${dialect.vectorLoad(dtype, chunk, pointer, at)}; ${range(chunk).map((k) => `${target(o + k)} = (${real})${dialect.component('e', k)};`).join(' ')} }`);
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
