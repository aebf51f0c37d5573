/**
 * The unchecked interior of a thread that computes a block of points (strategy.points per axis):
 * register streaming. Each input value the block reads is loaded once into a register, just
 * before the first point that needs it, and every later point reads the register; the compiler's
 * register allocator then keeps only the window of rows still ahead. With `vector`, each row's own
 * points are read with vector loads (16 bytes where the dtype allows), and when every output is
 * stored once per point with `=`, its values are collected and written back as vectors too.
 *
 * The thread's first point is (b0, …, b{d-1}) at flat index `pb`; every point gets its own block
 * that redefines `i0…` and `p`, so the shared point body renders unchanged.
 */
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import type { GridRef, Stmt } from '../../ir/nodes.js';
import { forEachExpr, visitStmt } from '../../ir/visitor.js';
import { BodyRenderer } from '../c-like/body-renderer.js';
import type { CodeWriter } from '../c-like/code-writer.js';
import { elementType } from '../c-like/dialect.js';
import { TapOffsets } from '../tap-offsets.js';
import { vectorStores, vectorWidth, type GpuDialect } from './gpu-dialect.js';
import { inputShiftsOf, interiorInputShifts, type KernelStrategy } from './strategy.js';
import { blockPoints, offsetTerm, range, readsPointCoordinates } from './point-block-shape.js';

/** The block of points of the interior body, or of `body` (a row folded along the last axis). */
export function writePointBlock(w: CodeWriter, dialect: GpuDialect, program: LoopProgram, strategy: KernelStrategy, indent: string, body?: readonly Stmt[]): void {
  const interior = interiorRegion(program);
  if (!interior) throw new Error('internal: a point block needs an unchecked interior');
  new PointBlock(w, dialect, program, strategy, body ?? interior.body, indent, body ? inputShiftsOf(program, body) : interiorInputShifts(program)).write();
}

/** Whether every output is stored exactly once, with `=`, at the body's top level, and never read. */
export function storesOncePerPoint(program: LoopProgram, body: readonly Stmt[]): boolean {
  let readsOutput = false;
  forEachExpr(body, (e) => {
    if (e.kind === 'load' && e.grid.role === 'output') readsOutput = true;
  });
  if (readsOutput) return false;
  const topLevel = new Map<number, number>();
  let nested = false;
  for (const s of body) {
    if (s.kind === 'store') topLevel.set(s.output, (topLevel.get(s.output) ?? 0) + (s.op === '=' ? 1 : 2));
    else if (s.kind === 'for' || s.kind === 'if') nested ||= containsStore(s);
  }
  return !nested && program.outputs.every((_, k) => topLevel.get(k) === 1);
}

function containsStore(s: Stmt): boolean {
  return visitStmt<boolean>(s, {
    let: () => false,
    assign: () => false,
    store: () => true,
    for: (n) => n.body.some(containsStore),
    if: (n) => [...n.then, ...n.otherwise].some(containsStore),
  });
}

class PointBlock {
  private readonly d: number;
  private readonly P: readonly number[];
  /** Shifts each input is read at by one point. */
  private readonly taps: readonly (readonly number[])[][];
  /** Register expressions already loaded, by input and position. */
  private readonly loaded = new Map<string, string>();
  private readonly vectorStores: boolean;
  /** Whether the body needs the point's coordinates (coordinate values, reads left in global memory). */
  private readonly readsPoint: boolean;
  private current: readonly number[] = [];

  constructor(
    private readonly w: CodeWriter,
    private readonly dialect: GpuDialect,
    private readonly program: LoopProgram,
    private readonly strategy: KernelStrategy,
    private readonly body: readonly Stmt[],
    private readonly indent: string,
    taps: readonly (readonly number[])[][],
  ) {
    this.d = program.ndim;
    this.P = strategy.points;
    this.taps = taps;
    this.vectorStores = strategy.vector && this.P[this.d - 1] > 1 && storesOncePerPoint(program, body);
    this.readsPoint = readsPointCoordinates(body, this.d);
  }

  write(): void {
    const { w, indent, d, program } = this;
    const C = this.dialect.c;
    w.line(`${indent}const sj_idx pb = ${range(d).map((a) => (a === d - 1 ? `b${a}` : `b${a} * s${a}`)).join(' + ')};`);
    // Reads that stay in global memory (outputs, data-dependent indices) use offsets from the point.
    const offsets = TapOffsets.collect(this.body, 'ob', (g) => g.role === 'output');
    const renderer = new BodyRenderer(C, program, offsets, (k) => (this.vectorStores ? `w${k}_${this.current[d - 1]}` : `out${k}[p]`), (grid, shifts) => this.register(grid, shifts));
    const offsetDecls = renderer.offsetDeclarations(indent);
    for (const decl of offsetDecls) w.line(decl);
    // The point's flat index serves scalar stores and reads of outputs (at offsets from it).
    const needsP = !this.vectorStores || offsetDecls.length > 0;
    const lastP = this.P[d - 1];
    // One row's results, stored as vectors once the row is complete.
    if (this.vectorStores) for (const [k, g] of program.outputs.entries()) w.line(`${indent}${elementType(C, g.dtype)} ${range(lastP).map((c) => `w${k}_${c}`).join(', ')};`);
    for (const q of blockPoints(this.P)) {
      this.current = q;
      for (const shifts of this.neededBy(q)) this.ensureLoaded(shifts[0], shifts[1]);
      w.line(`${indent}{`);
      if (this.readsPoint) w.line(`${indent}  const sj_idx ${range(d).map((a) => `i${a} = b${a}${q[a] ? ` + ${q[a]}` : ''}`).join(', ')};`);
      if (needsP) w.line(`${indent}  const sj_idx p = pb${offsetTerm(q)};`);
      renderer.stmts(this.body, w, `${indent}  `);
      w.unmap();
      w.line(`${indent}}`);
      if (this.vectorStores && q[d - 1] === lastP - 1) this.storeRow(q);
    }
  }

  /** The input positions (relative to the thread's first point) that point q reads. */
  private neededBy(q: readonly number[]): [number, number[]][] {
    return this.taps.flatMap((list, input) => list.map((s): [number, number[]] => [input, s.map((c, a) => c + q[a])]));
  }

  /** The register holding an input value at the current point plus shifts (outputs stay global). */
  private register(grid: GridRef, shifts: readonly number[]): string | undefined {
    if (grid.role !== 'input') return undefined;
    const pos = shifts.map((c, a) => c + this.current[a]);
    return this.ensureLoaded(grid.index, pos);
  }

  private ensureLoaded(input: number, pos: readonly number[]): string {
    const key = `${input}:${pos.join(',')}`;
    const found = this.loaded.get(key);
    if (found) return found;
    const { d, w, indent, dialect } = this;
    const dtype = this.program.inputs[input].dtype;
    const lastP = this.P[d - 1];
    const col = pos[d - 1];
    const width = this.strategy.vector ? vectorWidth(dtype, lastP) : 1;
    if (width > 1 && col >= 0 && col < lastP) {
      // The whole row of the thread's own points, as aligned vectors.
      for (let c0 = 0; c0 < lastP; c0 += width) {
        const at = [...pos.slice(0, d - 1), c0];
        const name = `v${input}_${posName(at)}`;
        w.line(`${indent}const ${dialect.vectorType(dtype, width)} ${name} = ${dialect.vectorLoad(dtype, width, `in${input}`, `pb${offsetTerm(at)}`)};`);
        for (let k = 0; k < width; k++) this.loaded.set(`${input}:${[...pos.slice(0, d - 1), c0 + k].join(',')}`, dialect.component(name, k));
      }
      return this.loaded.get(key)!;
    }
    const name = `x${input}_${posName(pos)}`;
    w.line(`${indent}const ${elementType(dialect.c, dtype)} ${name} = in${input}[pb${offsetTerm(pos)}];`);
    this.loaded.set(key, name);
    return name;
  }

  /** The row's collected output values, written back as vectors. */
  private storeRow(q: readonly number[]): void {
    const { d, w, indent, dialect, program } = this;
    const lastP = this.P[d - 1];
    program.outputs.forEach((g, k) => {
      const values = range(lastP).map((c) => `w${k}_${c}`);
      for (const line of vectorStores(dialect, g.dtype, values, `out${k}`, (c0) => `pb${offsetTerm([...q.slice(0, d - 1), c0])}`)) w.line(`${indent}${line}`);
    });
  }
}

function posName(pos: readonly number[]): string {
  return pos.map((c) => (c < 0 ? `m${-c}` : String(c))).join('_');
}
