/**
 * The opencl backend's program: one kernel, one launch per call, every region in it.
 *
 * - A work-group whose points all lie in the interior box runs the interior body with no boundary
 *   checks. With tiles, it first stages its inputs in `__local` tiles with halos, loaded
 *   cooperatively (consecutive work-items read consecutive addresses), and reads those (paper 000,
 *   Figure 2).
 * - Any other work-group runs each point through the region it falls in, chosen from the interior
 *   box: the face of the first axis on which the point lies outside it (the boxes planRegions
 *   makes), or one region for every point when the grid is too small to split (`fallback`).
 * The test that picks the path depends only on the group id, so a group never diverges on it and
 * the barrier after the tile loads is reached by every work-item or by none.
 */
import type { LoopProgram } from '../../ir/kernel.js';
import type { GridRef, Stmt } from '../../ir/nodes.js';
import { faceVariant, variantKey } from '../../stencil/regions.js';
import { BodyRenderer } from '../c-like/body-renderer.js';
import { CodeWriter } from '../c-like/code-writer.js';
import { elementType, OPENCL_C, realType } from '../c-like/dialect.js';
import { prelude } from '../c-like/prelude.js';
import { writeTables } from '../c-like/tables.js';
import { TapOffsets } from '../tap-offsets.js';
import type { StagedInput, TilePlan } from './tiling.js';

export const KERNEL_NAME = 'sj_kernel';

/** `fallback` values: the interior box decides; points outside it are skipped ('interior' mode). */
export const FALLBACK_FACES = -2;
export const FALLBACK_SKIP = -1;

export function renderOpenCL(program: LoopProgram, plan: TilePlan): string {
  return new OpenCLProgram(program, plan).render();
}

/** Whether a program needs the device's float64 support (cl_khr_fp64): any grid that is not float32 makes it compute in float64. */
export function needsFloat64(program: LoopProgram): boolean {
  return program.compute === 'float64';
}

const D = OPENCL_C;

class OpenCLProgram {
  private readonly d: number;
  private readonly real: string;
  private readonly w: CodeWriter;

  constructor(
    private readonly program: LoopProgram,
    private readonly plan: TilePlan,
  ) {
    this.d = program.ndim;
    this.real = realType(program.compute);
    this.w = new CodeWriter(program.origin, `sejits-${program.name}.cl`, D.lineDirectives);
  }

  render(): string {
    const { program, plan, w, d } = this;
    const tiles = plan.staged.map((s) => `in${s.input} ${s.extents.join('×')}`).join(', ') || 'none';
    w.line(`/* sejits opencl: ${program.name} (${program.split ? 'specialized' : 'generic'}, ${program.boundary}, computes in ${program.compute}); work-group ${plan.group.join('×')}; local tiles: ${tiles} */`);
    if (needsFloat64(program)) w.line('#pragma OPENCL EXTENSION cl_khr_fp64 : enable');
    // JavaScript rounds every operation: no fused multiply-adds.
    w.line('#pragma OPENCL FP_CONTRACT OFF');
    // Index arithmetic is 32-bit for grids under 2^31 elements (the build passes -DSJ_IDX=int), else 64-bit.
    w.line('#ifndef SJ_IDX');
    w.line('#define SJ_IDX long');
    w.line('#endif');
    w.line('typedef SJ_IDX sj_idx;');
    w.line(prelude(D, program.compute));
    const prologue = new BodyRenderer(D, program);
    writeTables(D, program, w);
    const clDims = [...plan.group].reverse();
    while (clDims.length < 3) clDims.push(1);
    w.line(`__kernel __attribute__((reqd_work_group_size(${clDims.join(', ')})))`);
    w.line(`void ${KERNEL_NAME}(${this.parameters().join(', ')}) {`);
    for (const s of plan.staged) w.line(`  __local ${elementType(D, program.inputs[s.input].dtype)} t${s.input}[${s.extents.reduce((a, b) => a * b, 1)}];`);
    w.line(`  const sj_idx ${range(d).map((a) => `n${a} = sn${a}`).join(', ')};`);
    for (let a = 0; a < d - 1; a++) w.line(`  const sj_idx s${a} = ${range(d).slice(a + 1).map((b) => `n${b}`).join(' * ')};`);
    // Grid axis a is OpenCL dimension d-1-a; g is the group's first point, l the work-item's place in it.
    w.line(`  const int ${range(d).map((a) => `l${a} = (int)get_local_id(${d - 1 - a})`).join(', ')};`);
    w.line(`  const sj_idx ${range(d).map((a) => `g${a} = (sj_idx)get_group_id(${d - 1 - a}) * ${plan.group[a]}`).join(', ')};`);
    w.line(`  const sj_idx ${range(d).map((a) => `i${a} = g${a} + l${a}`).join(', ')};`);
    prologue.stmts(program.prologue, w, '  ');
    w.unmap();
    if (plan.interior) {
      // A work-group wholly inside the interior box runs the interior body with no checks.
      const inside = range(d).map((a) => `g${a} >= ilo${a} && g${a} + ${plan.group[a]} <= ihi${a}`).join(' && ');
      w.line(`  if (${inside}) {`);
      if (plan.staged.length) this.tiledInterior();
      else {
        w.line(`    const sj_idx p = ${this.flatPoint()};`);
        this.regionBody(program.regions[0].body, 'oi', '    ');
      }
      w.line('    return;');
      w.line('  }');
    }
    w.line(`  if (${range(d).map((a) => `i${a} >= n${a}`).join(' || ')}) return;`);
    w.line(`  const sj_idx p = ${this.flatPoint()};`);
    w.line(`  switch (${this.regionOf()}) {`);
    program.regions.forEach((region, r) => {
      w.line(`    case ${r}: {`);
      this.regionBody(region.body, `o${r}_`, '      ');
      w.line('      break;');
      w.line('    }');
    });
    w.line('    default: break;');
    w.line('  }');
    w.line('}');
    return w.toString();
  }

  private parameters(): string[] {
    const { program, d } = this;
    return [
      ...program.inputs.map((g, i) => `__global const ${elementType(D, g.dtype)}* restrict in${i}`),
      ...program.outputs.map((g, i) => `__global ${elementType(D, g.dtype)}* restrict out${i}`),
      ...range(d).map((a) => `const int sn${a}`),
      ...range(d).map((a) => `const int ilo${a}`),
      ...range(d).map((a) => `const int ihi${a}`),
      'const int fallback',
      ...program.params.map((_, k) => `const ${this.real} P${k}`),
    ];
  }

  private flatPoint(): string {
    const d = this.d;
    return range(d).map((a) => (a === d - 1 ? `i${a}` : `i${a} * s${a}`)).join(' + ');
  }

  /**
   * The region index of the point: `fallback` when it names one; region 0 inside the interior box;
   * otherwise the face of the first axis the point lies outside on (planRegions' boxes), or none.
   */
  private regionOf(): string {
    const { d, program } = this;
    const index = new Map(program.regions.map((r, i) => [variantKey(r.variant), i]));
    const inside = range(d).map((a) => `i${a} >= ilo${a} && i${a} < ihi${a}`).join(' && ');
    let faces = '-1';
    for (let a = d - 1; a >= 0; a--) {
      const lo = index.get(variantKey(faceVariant(program.ndim, program.reach, a, 'lo'))) ?? -1;
      const hi = index.get(variantKey(faceVariant(program.ndim, program.reach, a, 'hi'))) ?? -1;
      faces = `i${a} < ilo${a} ? ${lo} : i${a} >= ihi${a} ? ${hi} : ${faces}`;
    }
    return `fallback >= 0 ? fallback : (${inside}) ? 0 : fallback == ${FALLBACK_SKIP} ? -1 : (${faces})`;
  }

  /** A region's body reading global memory, with its tap offsets hoisted into its own block. */
  private regionBody(body: readonly Stmt[], prefix: string, indent: string): void {
    const r = new BodyRenderer(D, this.program, TapOffsets.collect(body, prefix));
    for (const decl of r.offsetDeclarations(indent)) this.w.line(decl);
    r.stmts(body, this.w, indent);
    this.w.unmap();
  }

  /** Cooperative tile loads, a barrier, then the interior body reading the tiles. */
  private tiledInterior(): void {
    const { w, d, plan, program } = this;
    for (const s of plan.staged) this.loadTile(s);
    w.line('    barrier(CLK_LOCAL_MEM_FENCE);');
    w.line(`    const sj_idx p = ${this.flatPoint()};`);
    for (const s of plan.staged) {
      const at = range(d).map((a) => `(l${a} + ${s.haloLo[a]})`);
      w.line(`    const int lp${s.input} = ${tileIndex(at, s.extents)};`);
    }
    const staged = new Map(plan.staged.map((s) => [s.input, s]));
    const fromTile = (grid: GridRef, shifts: readonly number[]) => {
      const s = grid.role === 'input' ? staged.get(grid.index) : undefined;
      if (!s) return undefined;
      const offset = shifts.reduce((acc, c, a) => acc + c * s.extents.slice(a + 1).reduce((x, y) => x * y, 1), 0);
      return `t${s.input}[lp${s.input}${offset === 0 ? '' : offset > 0 ? ` + ${offset}` : ` - ${-offset}`}]`;
    };
    const body = program.regions[0].body;
    // Offsets of reads that stay global (unstaged inputs, outputs); collect() names them all up front.
    const r = new BodyRenderer(D, program, TapOffsets.collect(body, 'ot'), undefined, fromTile);
    for (const decl of r.offsetDeclarations('    ')) w.line(decl);
    r.stmts(body, w, '    ');
    w.unmap();
  }

  /**
   * The tile as one flat range of work: work-item k loads elements k, k + G, ... (G the group size),
   * so every pass but the last keeps all lanes busy and each row of the tile is read contiguously.
   */
  private loadTile(s: StagedInput): void {
    const { w, d, plan, program } = this;
    const elem = elementType(D, program.inputs[s.input].dtype);
    const size = s.extents.reduce((a, b) => a * b, 1);
    const groupSize = plan.group.reduce((a, b) => a * b, 1);
    const lid = tileIndex(range(d).map((a) => `l${a}`), plan.group);
    w.line(`    /* in${s.input} → t${s.input}: ${s.extents.join('×')}, halo -[${s.haloLo.join(', ')}] +[${s.haloHi.join(', ')}] */`);
    w.line(`    for (int k = ${lid}; k < ${size}; k += ${groupSize}) {`);
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

