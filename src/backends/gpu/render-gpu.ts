/**
 * One GPU kernel for every region of a program, in OpenCL C or CUDA (gpu-dialect.ts), under a
 * KernelStrategy (strategy.ts). Blocks are numbered flat and decomposed in the kernel, so no grid
 * runs into a per-dimension launch limit.
 *
 * - With tiles, a block whose points all lie in the interior box stages its inputs in shared memory
 *   with halos, loaded cooperatively (consecutive threads read consecutive addresses), and reads
 *   those (paper 000, Figure 2). The test depends only on the block, so the barrier is reached by
 *   every thread of the block or by none.
 * - Otherwise a thread whose points all lie in the interior box runs the unchecked body for its
 *   points (point-block.ts): only warps on the interior's edge diverge.
 * - Every other point goes through the region it falls in, chosen from the interior box: the face
 *   of the first axis on which it lies outside (the boxes planRegions makes), or one region for
 *   every point when the grid is too small to split (`fallback`).
 */
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import type { GridRef, Stmt } from '../../ir/nodes.js';
import { faceVariant, variantKey } from '../../stencil/regions.js';
import { BodyRenderer } from '../c-like/body-renderer.js';
import { CodeWriter } from '../c-like/code-writer.js';
import { elementType, realType } from '../c-like/dialect.js';
import { prelude } from '../c-like/prelude.js';
import { writeTables } from '../c-like/tables.js';
import { TapOffsets } from '../tap-offsets.js';
import type { GpuDialect } from './gpu-dialect.js';
import { writePointBlock } from './point-block.js';
import { blockExtent, interiorTaps, rowBody, strategyKey, threadsPerBlock, type KernelStrategy } from './strategy.js';
import { renderStagedGpuKernel } from './render-staged-gpu.js';
import { renderStreamedGpuKernel } from './render-streamed-gpu.js';
import { planTiles, type StagedInput, type TilePlan } from './tiling.js';

export const KERNEL_NAME = 'sj_kernel';

/** `fallback` values: the interior box decides; points outside it are skipped ('interior' mode). */
export const FALLBACK_FACES = -2;
export const FALLBACK_SKIP = -1;

/** The kernel of a strategy; `sharedMemBytes` (the device's, per block) bounds its tiles. */
export function renderGpuKernel(program: LoopProgram, dialect: GpuDialect, strategy: KernelStrategy, sharedMemBytes: number): string {
  if (program.staged) return strategy.stream ? renderStreamedGpuKernel(program, dialect, strategy) : renderStagedGpuKernel(program, dialect, strategy);
  return new GpuKernel(program, dialect, strategy, strategy.tiles ? planTiles(program, strategy.group, sharedMemBytes) : []).render();
}

/** Kernels whose interior reads more taps than this send every boundary point to the fully folded region. */
const MAX_TAPS_WITH_FACES = 32;

export interface RenderedRegions {
  /** Region indices the kernel has code for. */
  readonly rendered: ReadonlySet<number>;
  /** The region every point may run (each axis folded fully), when the program has one. */
  readonly full: number | undefined;
  /** Whether points outside the interior run their face's region (else `full`). */
  readonly faces: boolean;
}

/**
 * Which regions a GPU kernel renders. The faces' code is what makes boundary points cheap, but a
 * wide window repeats its taps in every face (a 13×13 bilateral has 169 per region), which makes
 * the kernel slow to compile for points that are a fraction of a percent of a large grid: such
 * kernels run those points through the one fully folded region instead.
 */
export function renderedRegions(program: LoopProgram): RenderedRegions {
  let r = regionChoices.get(program);
  if (!r) {
    const all = new Set(program.regions.map((_, i) => i));
    const found = program.regions.findIndex((x) => x.variant.every((c) => c === 'full' || c === 'none') && x.variant.some((c) => c === 'full'));
    const full = found >= 0 ? found : undefined;
    const faces = !interiorRegion(program) || full === undefined || interiorTaps(program) <= MAX_TAPS_WITH_FACES;
    r = faces ? { rendered: all, full, faces } : { rendered: new Set([0, full]), full, faces };
    regionChoices.set(program, r);
  }
  return r;
}

const regionChoices = new WeakMap<LoopProgram, RenderedRegions>();

/** The kernel's scalar arguments after the grids, in order (launch-geometry.ts fills them). */
export function scalarArguments(ndim: number): string[] {
  const axes = range(ndim);
  return [...axes.map((a) => `sn${a}`), ...axes.map((a) => `ilo${a}`), ...axes.map((a) => `ihi${a}`), 'fallback', ...axes.map((a) => `nb${a}`)];
}

/** A point's side of the interior box on one axis, and the face regions it then runs. */
export interface FaceChoice {
  readonly below: string;
  readonly above: string;
  readonly lo: number;
  readonly hi: number;
}

/**
 * How a GPU kernel picks the region of point (i0, …), for every GPU dialect to spell: `fallback`
 * when it names one; region 0 inside the interior box; -1 (skipped) in 'interior' mode; otherwise
 * the face of the first axis the point lies outside on (planRegions' boxes, axis 0 first), or the
 * fully folded region when renderedRegions left the faces out (`faces` is then its index).
 */
export function regionChoice(program: LoopProgram): { inside: string; faces: readonly FaceChoice[] | number } {
  const d = program.ndim;
  const index = new Map(program.regions.map((r, i) => [variantKey(r.variant), i]));
  const inside = range(d).map((a) => `i${a} >= ilo${a} && i${a} < ihi${a}`).join(' && ');
  const regions = renderedRegions(program);
  if (!regions.faces) return { inside, faces: regions.full ?? -1 };
  const face = (a: number, side: 'lo' | 'hi') => index.get(variantKey(faceVariant(d, program.reach, a, side))) ?? -1;
  return { inside, faces: range(d).map((a) => ({ below: `i${a} < ilo${a}`, above: `i${a} >= ihi${a}`, lo: face(a, 'lo'), hi: face(a, 'hi') })) };
}

/** The dialect's header, the index type and the math prelude, before a kernel's tables. */
export function writeKernelPreamble(w: CodeWriter, dialect: GpuDialect, program: LoopProgram): void {
  for (const line of dialect.header(program)) w.line(line);
  // Index arithmetic is 32-bit for grids under 2^31 points (the build defines SJ_IDX=int), else 64-bit.
  w.line('#ifndef SJ_IDX');
  w.line(`#define SJ_IDX ${dialect.wideIndexType}`);
  w.line('#endif');
  w.line('typedef SJ_IDX sj_idx;');
  w.line(prelude(dialect.c, program.compute));
}

/** The grid's extents n{a} from the scalar arguments, and its row-major strides s{a}. */
export function writeGridExtents(w: CodeWriter, d: number): void {
  w.line(`  const sj_idx ${range(d).map((a) => `n${a} = sn${a}`).join(', ')};`);
  for (let a = 0; a < d - 1; a++) w.line(`  const sj_idx s${a} = ${range(d).slice(a + 1).map((b) => `n${b}`).join(' * ')};`);
}

/** The kernel's parameters: the grids, the scalar arguments (launch-geometry.ts), the runtime parameters. */
export function kernelParameters(program: LoopProgram, dialect: GpuDialect): string[] {
  return [
    ...program.inputs.map((g, i) => `${dialect.inputPointer(g.dtype)} in${i}`),
    ...program.outputs.map((g, k) => `${dialect.outputPointer(g.dtype)} out${k}`),
    ...scalarArguments(program.ndim).map((name) => `const int ${name}`),
    ...program.params.map((_, k) => `const ${realType(program.compute)} P${k}`),
  ];
}

class GpuKernel {
  private readonly d: number;
  private readonly w: CodeWriter;
  private readonly interior: boolean;

  constructor(
    private readonly program: LoopProgram,
    private readonly dialect: GpuDialect,
    private readonly strategy: KernelStrategy,
    private readonly staged: TilePlan,
  ) {
    this.d = program.ndim;
    this.w = new CodeWriter(program.origin, `sejits-${program.name}.${dialect.extension}`, dialect.c.lineDirectives);
    this.interior = interiorRegion(program) !== undefined;
  }

  render(): string {
    const { program, w, d, dialect, strategy } = this;
    const tiles = this.staged.map((s) => `in${s.input} ${s.extents.join('×')}`).join(', ') || 'none';
    w.line(`/* sejits ${dialect.c.name}: ${program.name} (${program.split ? 'specialized' : 'generic'}, ${program.boundary}, computes in ${program.compute}); ${strategyKey(strategy)}; shared tiles: ${tiles} */`);
    writeKernelPreamble(w, dialect, program);
    writeTables(dialect.c, program, w);
    const prologue = new BodyRenderer(dialect.c, program);
    w.line(`${dialect.kernelPrefix(threadsPerBlock(strategy))} ${KERNEL_NAME}(${kernelParameters(program, dialect).join(', ')}) {`);
    for (const s of this.staged) w.line(`  ${dialect.sharedArray(program.inputs[s.input].dtype, `t${s.input}`, s.extents.reduce((a, b) => a * b, 1))}`);
    writeGridExtents(w, d);
    this.locate();
    prologue.stmts(program.prologue, w, '  ');
    w.unmap();
    const P = strategy.points;
    const multi = P.some((p) => p > 1);
    if (this.interior && this.staged.length) {
      // The barrier is outside any branch: every thread of every block reaches it, which is what
      // OpenCL and CUDA require (and what PoCL compiles correctly; a barrier in a uniform branch
      // followed by an early return miscomputed 1-D tiles there).
      const E = blockExtent(strategy);
      w.line(`  const int tiled = ${range(d).map((a) => `g${a} >= ilo${a} && g${a} + ${E[a]} <= ihi${a}`).join(' && ')};`);
      w.line('  if (tiled) {');
      for (const s of this.staged) this.loadTile(s);
      w.line('  }');
      w.line(`  ${dialect.barrier}`);
      w.line('  if (tiled) {');
      this.tiledInterior();
      w.line('    return;');
      w.line('  }');
    } else if (this.interior && strategy.foldLast) {
      // Rows inside the interior on every axis but the last, whole or at its ends, run one body.
      const inside = range(d - 1).map((a) => `b${a} >= ilo${a} && b${a} + ${P[a]} <= ihi${a}`);
      w.line(`  if (fallback == ${FALLBACK_FACES} && ${inside.join(' && ')} && b${d - 1} + ${P[d - 1]} <= n${d - 1}) {`);
      writePointBlock(w, dialect, program, strategy, '    ', rowBody(program));
      w.line('    return;');
      w.line('  }');
    } else if (this.interior) {
      w.line(`  if (${range(d).map((a) => `b${a} >= ilo${a} && b${a} + ${P[a]} <= ihi${a}`).join(' && ')}) {`);
      writePointBlock(w, dialect, program, strategy, '    ');
      w.line('    return;');
      w.line('  }');
    }
    if (multi) {
      range(d).forEach((a) => w.line(`  ${'  '.repeat(a)}for (int q${a} = 0; q${a} < ${P[a]}; q${a}++) {`));
      const ind = '  '.repeat(d + 1);
      w.line(`${ind}const sj_idx ${range(d).map((a) => `i${a} = b${a} + q${a}`).join(', ')};`);
      w.line(`${ind}if (${range(d).map((a) => `i${a} >= n${a}`).join(' || ')}) continue;`);
      this.checkedPoint(ind);
      range(d).forEach((a) => w.line(`  ${'  '.repeat(d - 1 - a)}}`));
    } else {
      w.line(`  const sj_idx ${range(d).map((a) => `i${a} = b${a}`).join(', ')};`);
      w.line(`  if (${range(d).map((a) => `i${a} >= n${a}`).join(' || ')}) return;`);
      this.checkedPoint('  ');
    }
    w.line('}');
    return w.toString();
  }

  /**
   * The thread's place: l (within the block), g (the block's first point, from the flat block
   * index and the blocks per axis) and b (the thread's first point).
   */
  private locate(): void {
    const { w, d, strategy, dialect } = this;
    const G = strategy.group;
    const E = blockExtent(strategy);
    w.line(`  const int t = ${dialect.threadIndex};`);
    const l = range(d).map((a) => {
      const below = G.slice(a + 1).reduce((x, y) => x * y, 1);
      const q = below === 1 ? 't' : `t / ${below}`;
      return a === 0 ? q : `(${q}) % ${G[a]}`;
    });
    w.line(`  const int ${range(d).map((a) => `l${a} = ${l[a]}`).join(', ')};`);
    w.line(`  sj_idx q = ${dialect.blockIndex};`);
    for (let a = d - 1; a > 0; a--) {
      w.line(`  const sj_idx g${a} = (q % nb${a}) * ${E[a]};`);
      w.line(`  q /= nb${a};`);
    }
    w.line(`  const sj_idx g0 = q * ${E[0]};`);
    w.line(`  const sj_idx ${range(d).map((a) => `b${a} = g${a} + ${strategy.points[a] === 1 ? `l${a}` : `l${a} * ${strategy.points[a]}`}`).join(', ')};`);
  }

  private checkedPoint(indent: string): void {
    const { w, program, d } = this;
    const { rendered } = renderedRegions(program);
    w.line(`${indent}const sj_idx p = ${range(d).map((a) => (a === d - 1 ? `i${a}` : `i${a} * s${a}`)).join(' + ')};`);
    w.line(`${indent}switch (${this.regionOf()}) {`);
    program.regions.forEach((region, r) => {
      if (!rendered.has(r)) return;
      w.line(`${indent}  case ${r}: {`);
      this.regionBody(region.body, `o${r}_`, `${indent}    `);
      w.line(`${indent}    break;`);
      w.line(`${indent}  }`);
    });
    w.line(`${indent}  default: break;`);
    w.line(`${indent}}`);
  }

  /** The region index of the point (regionChoice), as nested conditionals. */
  private regionOf(): string {
    const { inside, faces } = regionChoice(this.program);
    let chosen = typeof faces === 'number' ? String(faces) : '-1';
    if (typeof faces !== 'number') for (const f of [...faces].reverse()) chosen = `${f.below} ? ${f.lo} : ${f.above} ? ${f.hi} : ${chosen}`;
    return `fallback >= 0 ? fallback : (${inside}) ? 0 : fallback == ${FALLBACK_SKIP} ? -1 : (${chosen})`;
  }

  /** A region's body reading global memory, with its tap offsets hoisted into its own block. */
  private regionBody(body: readonly Stmt[], prefix: string, indent: string): void {
    const r = new BodyRenderer(this.dialect.c, this.program, TapOffsets.collect(body, prefix));
    for (const decl of r.offsetDeclarations(indent)) this.w.line(decl);
    r.stmts(body, this.w, indent);
    this.w.unmap();
  }

  /** The interior body reading the tiles (loaded, and the barrier passed, before it). */
  private tiledInterior(): void {
    const { w, d, program, dialect } = this;
    w.line(`    const sj_idx ${range(d).map((a) => `i${a} = b${a}`).join(', ')};`);
    w.line(`    const sj_idx p = ${range(d).map((a) => (a === d - 1 ? `i${a}` : `i${a} * s${a}`)).join(' + ')};`);
    for (const s of this.staged) {
      const at = range(d).map((a) => `(l${a} + ${s.haloLo[a]})`);
      w.line(`    const int lp${s.input} = ${tileIndex(at, s.extents)};`);
    }
    const staged = new Map(this.staged.map((s) => [s.input, s]));
    const fromTile = (grid: GridRef, shifts: readonly number[]) => {
      const s = grid.role === 'input' ? staged.get(grid.index) : undefined;
      if (!s) return undefined;
      const offset = shifts.reduce((acc, c, a) => acc + c * s.extents.slice(a + 1).reduce((x, y) => x * y, 1), 0);
      return `t${s.input}[lp${s.input}${offset === 0 ? '' : offset > 0 ? ` + ${offset}` : ` - ${-offset}`}]`;
    };
    const body = program.regions[0].body;
    // Offsets of reads that stay global (unstaged inputs, outputs); collect() names them all up front.
    const r = new BodyRenderer(dialect.c, program, TapOffsets.collect(body, 'ot', (g) => !(g.role === 'input' && staged.has(g.index))), undefined, fromTile);
    for (const decl of r.offsetDeclarations('    ')) w.line(decl);
    r.stmts(body, w, '    ');
    w.unmap();
  }

  /**
   * The tile as one flat range of work: thread k loads elements k, k + T, ... (T the block size),
   * so every pass but the last keeps all lanes busy and each row of the tile is read contiguously.
   */
  private loadTile(s: StagedInput): void {
    const { w, d, program, strategy } = this;
    const elem = elementType(this.dialect.c, program.inputs[s.input].dtype);
    const size = s.extents.reduce((a, b) => a * b, 1);
    w.line(`    /* in${s.input} → t${s.input}: ${s.extents.join('×')}, halo -[${s.haloLo.join(', ')}] +[${s.haloHi.join(', ')}] */`);
    w.line(`    for (int k = t; k < ${size}; k += ${threadsPerBlock(strategy)}) {`);
    // Tile coordinates from the flat index (divisions by constants), last axis fastest.
    const coords = range(d).map((a) => {
      const stride = s.extents.slice(a + 1).reduce((x, y) => x * y, 1);
      const q = stride === 1 ? 'k' : `k / ${stride}`;
      return a === 0 ? q : `(${q}) % ${s.extents[a]}`;
    });
    w.line(`      const int ${range(d).map((a) => `x${a} = ${coords[a]}`).join(', ')};`);
    const global = range(d).map((a) => {
      const c = s.haloLo[a] === 0 ? `(g${a} + x${a})` : `(g${a} - ${s.haloLo[a]} + x${a})`;
      return a === d - 1 ? c : `${c} * s${a}`;
    });
    w.line(`      t${s.input}[k] = (${elem})in${s.input}[${global.join(' + ')}];`);
    w.line('    }');
  }
}

function tileIndex(at: readonly string[], extents: readonly number[]): string {
  let index = at[0];
  for (let a = 1; a < at.length; a++) index = `(${index}) * ${extents[a]} + ${at[a]}`;
  return index;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
