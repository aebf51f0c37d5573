/**
 * The unchecked interior of an invocation that computes a block of points (strategy.points per
 * axis), in WGSL: register streaming as in gpu/point-block.ts. Each input value the block reads is
 * loaded once into a `let`, just before the first point that needs it, and every later point reads
 * that register. With `vector`, each row of the thread's own points is read through a second,
 * read-only binding of the input typed as an array of vec2 or vec4 (WGSL cannot reinterpret an
 * array<f32>), and, where every output is stored once per point (wgsl-vectors.ts), each point's
 * values go to `var`s and the completed row is written with one vector store per vector, through
 * the output's only binding, typed as an array of vectors.
 */
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import type { GridRef, Stmt } from '../../ir/nodes.js';
import type { CodeWriter } from '../c-like/code-writer.js';
import { vectorWidth } from '../gpu/gpu-dialect.js';
import { inputShiftsOf, interiorInputShifts, type KernelStrategy } from '../gpu/strategy.js';
import { TapOffsets } from '../tap-offsets.js';
import { WgslBodyRenderer } from './wgsl-body.js';
import { wgslElement } from './wgsl-dialect.js';
import { blockPoints, offsetTerm, range, readsPointCoordinates } from '../gpu/point-block-shape.js';

/** The grids a point block reads or writes as vectors (wgsl-vectors.ts). */
export interface WgslVectors {
  readonly inputs: readonly number[];
  /** Outputs bound as arrays of vectors, with their width: every output, or none. */
  readonly outputs: ReadonlyMap<number, number>;
}

/** The block of points of the interior body, or of `body` (a row folded along the last axis). */
export function writeWgslPointBlock(w: CodeWriter, program: LoopProgram, strategy: KernelStrategy, vectors: WgslVectors, indent: string, body?: readonly Stmt[]): void {
  const interior = interiorRegion(program);
  if (!interior) throw new Error('internal: a point block needs an unchecked interior');
  new PointBlock(w, program, strategy, body ?? interior.body, new Set(vectors.inputs), vectors.outputs, indent, body ? inputShiftsOf(program, body) : interiorInputShifts(program)).write();
}

class PointBlock {
  private readonly d: number;
  private readonly P: readonly number[];
  private readonly taps: readonly (readonly number[])[][];
  private readonly loaded = new Map<string, string>();
  /** Whether the body needs the point's coordinates (coordinate values, reads left in global memory). */
  private readonly readsPoint: boolean;
  private current: readonly number[] = [];

  constructor(
    private readonly w: CodeWriter,
    private readonly program: LoopProgram,
    strategy: KernelStrategy,
    private readonly body: readonly Stmt[],
    /** Inputs with a vector binding (`in{i}v`): each row of the thread's own points is read as vectors. */
    private readonly vectors: ReadonlySet<number>,
    /** Outputs bound as vectors: each row's values are collected in `var`s and stored as vectors. */
    private readonly vectorOutputs: ReadonlyMap<number, number>,
    private readonly indent: string,
    taps: readonly (readonly number[])[][],
  ) {
    this.d = program.ndim;
    this.P = strategy.points;
    this.taps = taps;
    this.readsPoint = readsPointCoordinates(body, this.d);
  }

  write(): void {
    const { w, indent, d, program } = this;
    const vectorStores = this.vectorOutputs.size > 0;
    const lastP = this.P[d - 1];
    w.line(`${indent}let pb = ${range(d).map((a) => (a === d - 1 ? `b${a}` : `b${a} * s${a}`)).join(' + ')};`);
    const offsets = TapOffsets.collect(this.body, 'ob', (g) => g.role === 'output');
    const renderer = new WgslBodyRenderer(program, offsets, {
      loadTarget: (grid, shifts) => this.register(grid, shifts),
      vectorOutputs: this.vectorOutputs,
      ...(vectorStores ? { storeTarget: (k: number) => `w${k}_${this.current[d - 1]}` } : {}),
    });
    const offsetDecls = renderer.offsetDeclarations(indent);
    for (const decl of offsetDecls) w.line(decl);
    // The point's flat index serves scalar stores and reads of outputs (at offsets from it).
    const needsP = !vectorStores || offsetDecls.length > 0;
    // One row's results, stored as vectors once the row is complete (a block-scoped `let` per point
    // could not outlive the point's block, which redefines `p` and `i0…`).
    if (vectorStores) program.outputs.forEach((g, k) => w.line(`${indent}${range(lastP).map((c) => `var w${k}_${c}: ${wgslElement(g.dtype)};`).join(' ')}`));
    for (const q of blockPoints(this.P)) {
      this.current = q;
      for (const [input, shifts] of this.neededBy(q)) this.ensureLoaded(input, shifts);
      w.line(`${indent}{`);
      if (this.readsPoint) for (let a = 0; a < d; a++) w.line(`${indent}  let i${a} = b${a}${q[a] ? ` + ${q[a]}` : ''};`);
      if (needsP) w.line(`${indent}  let p = pb${offsetTerm(q)};`);
      renderer.stmts(this.body, w, `${indent}  `);
      w.unmap();
      w.line(`${indent}}`);
      if (vectorStores && q[d - 1] === lastP - 1) this.storeRow(q);
    }
  }

  /** The row's collected output values, one aligned vector store per vector of the row. */
  private storeRow(q: readonly number[]): void {
    const { d, w, indent, program } = this;
    const lastP = this.P[d - 1];
    program.outputs.forEach((g, k) => {
      const width = this.vectorOutputs.get(k)!;
      for (let c0 = 0; c0 < lastP; c0 += width) {
        const at = [...q.slice(0, d - 1), c0];
        const values = range(width).map((c) => `w${k}_${c0 + c}`);
        w.line(`${indent}out${k}[(pb${offsetTerm(at)}) / ${width}] = vec${width}<${wgslElement(g.dtype)}>(${values.join(', ')});`);
      }
    });
  }

  private neededBy(q: readonly number[]): [number, number[]][] {
    return this.taps.flatMap((list, input) => list.map((s): [number, number[]] => [input, s.map((c, a) => c + q[a])]));
  }

  private register(grid: GridRef, shifts: readonly number[]): string | undefined {
    if (grid.role !== 'input') return undefined;
    return this.ensureLoaded(grid.index, shifts.map((c, a) => c + this.current[a]));
  }

  private ensureLoaded(input: number, pos: readonly number[]): string {
    const key = `${input}:${pos.join(',')}`;
    const found = this.loaded.get(key);
    if (found) return found;
    const dtype = this.program.inputs[input].dtype;
    const d = this.d;
    const lastP = this.P[d - 1];
    const col = pos[d - 1];
    const width = this.vectors.has(input) ? vectorWidth('float32', lastP) : 1;
    if (width > 1 && col >= 0 && col < lastP) {
      // The whole row of the thread's own points, as aligned vectors (pb and the row offsets are
      // multiples of the points per thread, which the last extent is a multiple of).
      for (let c0 = 0; c0 < lastP; c0 += width) {
        const at = [...pos.slice(0, d - 1), c0];
        const name = `v${input}_${at.map((c) => (c < 0 ? `m${-c}` : String(c))).join('_')}`;
        this.w.line(`${this.indent}let ${name} = in${input}v[(pb${offsetTerm(at)}) / ${width}];`);
        for (let k = 0; k < width; k++) {
          const component = `${name}.${'xyzw'[k]}`;
          this.loaded.set(`${input}:${[...pos.slice(0, d - 1), c0 + k].join(',')}`, dtype === 'float32' ? component : `f32(${component})`);
        }
      }
      return this.loaded.get(key)!;
    }
    const name = `x${input}_${pos.map((c) => (c < 0 ? `m${-c}` : String(c))).join('_')}`;
    const index = `pb${offsetTerm(pos)}`;
    const value = dtype === 'uint8' ? `sj_rd_in${input}(${index})` : dtype === 'float32' ? `in${input}[${index}]` : `f32(in${input}[${index}])`;
    this.w.line(`${this.indent}let ${name} = ${value};`);
    this.loaded.set(key, name);
    return name;
  }
}
