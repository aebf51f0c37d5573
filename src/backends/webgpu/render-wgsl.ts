/**
 * One WGSL compute shader for every region of a program, the WGSL counterpart of the shared GPU
 * renderer (gpu/render-gpu.ts): the same flat block numbering, interior test, per-point region
 * choice (renderedRegions, scalarArguments and the launch geometry are shared), and register
 * streaming of a thread's points, with WGSL's own structure around them:
 *
 * - Shapes, the interior box, the region fallback, blocks per axis and runtime parameters travel in
 *   one uniform block, so a new shape or parameter value never recompiles.
 * - Workgroups are numbered over a 2-D dispatch (x, then y), because one dimension stops at 65,535
 *   groups; the kernel flattens `workgroup_id` with `num_workgroups` and drops the excess.
 * - uint8 grids are packed four to a u32 word. Kernels with a uint8 output use the word scheme: an
 *   invocation owns whole words (four consecutive points in flat order) and writes each word once,
 *   so no two invocations store into the same word.
 * - Static tables are bit patterns in `const` arrays; NaN and ±∞ come from the uniform block.
 * - `vector` strategies read inputs through vector-typed aliases and may bind outputs as arrays of
 *   vectors, whose other accesses then name one component (wgsl-vectors.ts).
 */
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import type { Loc } from '../../ir/nodes.js';
import type { Stmt } from '../../ir/nodes.js';
import { CodeWriter } from '../c-like/code-writer.js';
import { FALLBACK_FACES, FALLBACK_SKIP, regionChoice, renderedRegions, scalarArguments } from '../gpu/render-gpu.js';
import { blockExtent, rowBody, strategyKey, threadsPerBlock, type KernelStrategy } from '../gpu/strategy.js';
import { planTiles, type StagedInput, type TilePlan } from '../gpu/tiling.js';
import { TapOffsets } from '../tap-offsets.js';
import { renderStagedWgsl } from './render-staged-wgsl.js';
import { outputElement, WgslBodyRenderer } from './wgsl-body.js';
import { wgslElement } from './wgsl-dialect.js';
import { writeWgslPointBlock, type WgslVectors } from './wgsl-point-block.js';
import { WGSL_PRELUDE, writeWgslTables } from './wgsl-prelude.js';
import { wgslVectorInputs, wgslVectorOutputs, wgslVectorWidth } from './wgsl-vectors.js';

export const WGSL_ENTRY = 'sj_kernel';

/** Invocations per workgroup of the word scheme. */
export const WORD_GROUP = 256;

/** Whether a program runs the word scheme: it has a uint8 (packed) output. */
export function usesWordScheme(program: LoopProgram): boolean {
  return program.outputs.some((g) => g.dtype === 'uint8');
}

/** The uniform block's fields, in order: the shared scalar arguments, parameters, then NaN and ∞. */
export function uniformFields(program: LoopProgram): { readonly name: string; readonly type: 'i32' | 'f32' }[] {
  return [
    ...scalarArguments(program.ndim).map((name) => ({ name, type: 'i32' as const })),
    ...program.params.map((_, k) => ({ name: `P${k}`, type: 'f32' as const })),
    { name: 'sj_inf', type: 'f32' },
    { name: 'sj_nan', type: 'f32' },
  ];
}

/** Bytes of the uniform block (a multiple of 16, as uniform bindings want). */
export function uniformBytes(program: LoopProgram): number {
  return Math.ceil((uniformFields(program).length * 4) / 16) * 16;
}

export interface RenderedWgsl {
  readonly source: string;
  /**
   * Inputs also bound a second time, read-only, as arrays of vectors (`in{i}v`, after the outputs):
   * WGSL cannot reinterpret an array<f32>, and a read-only binding may alias another read-only one.
   */
  readonly vectorInputs: readonly number[];
  /**
   * Outputs bound (once, as their only binding) as arrays of vectors and written with vector
   * stores. The bind group is unchanged: a `storage` binding of the whole buffer either way.
   */
  readonly vectorOutputs: readonly number[];
  /** For each generated line (0-based), the kernel's own line it renders, where there is one. */
  readonly kernelLines: readonly (number | undefined)[];
  /** Invocations per workgroup. */
  readonly threads: number;
  readonly wordScheme: boolean;
}

/** Records which kernel line each generated line comes from (WGSL has no #line). */
export class WgslWriter extends CodeWriter {
  readonly kernelLines: (number | undefined)[] = [];
  private current: number | undefined;

  constructor(private readonly firstLine: number, name: string) {
    super({ file: name, firstLine }, name, false);
  }

  override line(text: string): void {
    super.line(text);
    for (let i = text.split('\n').length; i > 0; i--) this.kernelLines.push(this.current);
  }

  override mapTo(loc: Loc): void {
    if (loc) this.current = this.firstLine + loc.line - 1;
  }

  override unmap(): void {
    this.current = undefined;
  }
}

/** The kernel of a strategy; `workgroupBytes` (the device's workgroup storage) bounds its tiles. */
export function renderWgslKernel(program: LoopProgram, strategy: KernelStrategy, workgroupBytes = 16384): RenderedWgsl {
  if (program.staged) return renderStagedWgsl(program, strategy);
  // Tiles hold f32 whatever the grid's dtype: a uint8 input's tile takes four times its bytes.
  const budget = program.inputs.some((g) => g.dtype === 'uint8') ? workgroupBytes / 4 : workgroupBytes;
  return new WgslKernel(program, strategy, strategy.tiles && !usesWordScheme(program) ? planTiles(program, strategy.group, budget) : []).render();
}

/** The uniform block and the grids' bindings; returns the next free binding. */
export function writeWgslBindings(program: LoopProgram, w: CodeWriter, vectorOutputs: ReadonlyMap<number, number> = new Map()): number {
  w.line(`struct U { ${uniformFields(program).map((f) => `${f.name}: ${f.type}`).join(', ')} }`);
  w.line('@group(0) @binding(0) var<uniform> u: U;');
  let binding = 1;
  program.inputs.forEach((g, i) => w.line(`@group(0) @binding(${binding++}) var<storage, read> in${i}: array<${wgslElement(g.dtype)}>;`));
  program.outputs.forEach((g, k) => {
    const v = vectorOutputs.get(k);
    w.line(`@group(0) @binding(${binding++}) var<storage, read_write> out${k}: array<${v ? `vec${v}<${wgslElement(g.dtype)}>` : wgslElement(g.dtype)}>;`);
  });
  return binding;
}

/** The entry point's opening: extents, the scalar arguments, strides, the invocation `t` and the flat workgroup `q`. */
export function writeWgslEntryHead(w: CodeWriter, d: number, threads: number): void {
  w.line(`@compute @workgroup_size(${threads})`);
  w.line(`fn ${WGSL_ENTRY}(@builtin(local_invocation_index) sj_lid: u32, @builtin(workgroup_id) sj_wid: vec3<u32>, @builtin(num_workgroups) sj_nwg: vec3<u32>) {`);
  const axes = range(d);
  w.line(`  let ${axes.map((a) => `n${a} = u.sn${a}`).join(', ')};`.replace(/, /g, ';\n  let '));
  for (const name of scalarArguments(d).filter((n) => !n.startsWith('sn'))) w.line(`  let ${name} = u.${name};`);
  for (let a = 0; a < d - 1; a++) w.line(`  let s${a} = ${axes.slice(a + 1).map((b) => `n${b}`).join(' * ')};`);
  w.line('  let t = i32(sj_lid);');
  w.line('  var q = i32(sj_wid.x + sj_wid.y * sj_nwg.x);');
}

class WgslKernel {
  private readonly d: number;
  private readonly w: WgslWriter;
  private readonly words: boolean;
  private readonly vectors: WgslVectors;

  constructor(
    private readonly program: LoopProgram,
    private readonly strategy: KernelStrategy,
    private readonly staged: TilePlan,
  ) {
    this.d = program.ndim;
    this.w = new WgslWriter(program.origin.firstLine, `sejits-${program.name}.wgsl`);
    this.words = usesWordScheme(program);
    const width = wgslVectorWidth(program, strategy);
    this.vectors = this.words ? { inputs: [], outputs: new Map() } : { inputs: wgslVectorInputs(program, strategy), outputs: new Map(wgslVectorOutputs(program, strategy).map((k) => [k, width])) };
  }

  render(): RenderedWgsl {
    const { program, w, strategy } = this;
    const tiles = this.staged.map((t) => `in${t.input} ${t.extents.join('×')}`).join(', ') || 'none';
    const scheme = this.words ? `words of 4 points, ${WORD_GROUP} per workgroup` : `${strategyKey(strategy)}; workgroup tiles: ${tiles}`;
    w.line(`/* sejits wgsl: ${program.name} (${program.split ? 'specialized' : 'generic'}, ${program.boundary}, computes in f32); ${scheme} */`);
    this.declarations();
    w.line(WGSL_PRELUDE);
    writeWgslTables(program, w);
    const threads = this.words ? WORD_GROUP : threadsPerBlock(strategy);
    writeWgslEntryHead(w, this.d, threads);
    if (this.words) this.wordKernel();
    else this.blockKernel();
    w.line('}');
    return { source: w.toString(), kernelLines: w.kernelLines, threads, wordScheme: this.words, vectorInputs: this.vectors.inputs, vectorOutputs: [...this.vectors.outputs.keys()] };
  }

  private declarations(): void {
    const { program, w } = this;
    let binding = writeWgslBindings(program, w, this.vectors.outputs);
    // Workgroup-memory tiles (paper 000's local tiles), as f32 whatever the grid's dtype.
    for (const t of this.staged) w.line(`var<workgroup> t${t.input}: array<f32, ${t.extents.reduce((a, b) => a * b, 1)}>;`);
    const width = wgslVectorWidth(program, this.strategy);
    for (const i of this.vectors.inputs) w.line(`@group(0) @binding(${binding++}) var<storage, read> in${i}v: array<vec${width}<${wgslElement(program.inputs[i].dtype)}>>;`);
    // A byte of a packed uint8 input, as f32.
    program.inputs.forEach((g, i) => {
      if (g.dtype === 'uint8') w.line(`fn sj_rd_in${i}(i: i32) -> f32 { return f32((in${i}[i >> 2u] >> (u32(i & 3) * 8u)) & 255u); }`);
    });
  }

  /** The strategy's blocks: the interior through register streaming, other points by region. */
  private blockKernel(): void {
    const { w, d, program, strategy } = this;
    const G = strategy.group;
    const E = blockExtent(strategy);
    const P = strategy.points;
    const axes = range(d);
    w.line(`  if (q >= ${axes.map((a) => `nb${a}`).join(' * ')}) { return; }`);
    const l = axes.map((a) => {
      const below = G.slice(a + 1).reduce((x, y) => x * y, 1);
      const qq = below === 1 ? 't' : `t / ${below}`;
      return a === 0 ? qq : `(${qq}) % ${G[a]}`;
    });
    for (const a of axes) w.line(`  let l${a} = ${l[a]};`);
    for (let a = d - 1; a > 0; a--) {
      w.line(`  let g${a} = (q % nb${a}) * ${E[a]};`);
      w.line(`  q = q / nb${a};`);
    }
    w.line(`  let g0 = q * ${E[0]};`);
    for (const a of axes) w.line(`  let b${a} = g${a} + ${P[a] === 1 ? `l${a}` : `l${a} * ${P[a]}`};`);
    this.prologue();
    if (interiorRegion(program) && this.staged.length) {
      // As in render-gpu.ts: the barrier is outside any branch, and `tiled` depends on the
      // workgroup alone (uniform values), as WGSL's uniformity analysis requires.
      w.line(`  let tiled = ${axes.map((a) => `g${a} >= ilo${a} && g${a} + ${E[a]} <= ihi${a}`).join(' && ')};`);
      w.line('  if (tiled) {');
      for (const t of this.staged) this.loadTile(t);
      w.line('  }');
      w.line('  workgroupBarrier();');
      w.line('  if (tiled) {');
      this.tiledInterior();
      w.line('    return;');
      w.line('  }');
    } else if (interiorRegion(program) && strategy.foldLast) {
      // Rows inside the interior on every axis but the last, whole or at its ends, run one body
      // that folds the last axis (render-gpu.ts does the same for CUDA and OpenCL).
      const inside = axes.slice(0, d - 1).map((a) => `b${a} >= ilo${a} && b${a} + ${P[a]} <= ihi${a}`);
      w.line(`  if (fallback == ${FALLBACK_FACES} && ${inside.join(' && ')} && b${d - 1} + ${P[d - 1]} <= n${d - 1}) {`);
      writeWgslPointBlock(w, program, strategy, this.vectors, '    ', rowBody(program));
      w.line('    return;');
      w.line('  }');
    } else if (interiorRegion(program)) {
      w.line(`  if (${axes.map((a) => `b${a} >= ilo${a} && b${a} + ${P[a]} <= ihi${a}`).join(' && ')}) {`);
      writeWgslPointBlock(w, program, strategy, this.vectors, '    ');
      w.line('    return;');
      w.line('  }');
    }
    if (P.some((p) => p > 1)) {
      axes.forEach((a) => w.line(`  ${'  '.repeat(a)}for (var q${a} = 0; q${a} < ${P[a]}; q${a}++) {`));
      const ind = '  '.repeat(d + 1);
      for (const a of axes) w.line(`${ind}let i${a} = b${a} + q${a};`);
      w.line(`${ind}if (${axes.map((a) => `i${a} >= n${a}`).join(' || ')}) { continue; }`);
      this.checkedPoint(ind, (k) => outputElement(k, 'p', this.vectors.outputs));
      axes.forEach((a) => w.line(`  ${'  '.repeat(d - 1 - a)}}`));
    } else {
      for (const a of axes) w.line(`  let i${a} = b${a};`);
      w.line(`  if (${axes.map((a) => `i${a} >= n${a}`).join(' || ')}) { return; }`);
      this.checkedPoint('  ', (k) => outputElement(k, 'p', this.vectors.outputs));
    }
  }

  /**
   * The word scheme: invocation k owns word k of every uint8 output, the points 4k … 4k+3 in flat
   * order (which may span rows). Each byte is read into a u32 local first, so points a region
   * skips keep their old value, then the word is written once.
   */
  private wordKernel(): void {
    const { w, d, program } = this;
    const axes = range(d);
    const bytes = program.outputs.flatMap((g, k) => (g.dtype === 'uint8' ? [k] : []));
    w.line(`  let total = ${axes.map((a) => `n${a}`).join(' * ')};`);
    w.line(`  let word = q * ${WORD_GROUP} + t;`);
    w.line('  if (word >= (total + 3) / 4) { return; }');
    this.prologue();
    for (const k of bytes) w.line(`  var w${k}: u32 = out${k}[word];`);
    w.line('  for (var e = 0; e < 4; e++) {');
    w.line('    let p0 = word * 4 + e;');
    w.line('    if (p0 >= total) { break; }');
    w.line('    var r = p0;');
    for (let a = d - 1; a > 0; a--) {
      w.line(`    let i${a} = r % n${a};`);
      w.line(`    r = r / n${a};`);
    }
    w.line('    let i0 = r;');
    w.line('    let sh = u32(e) * 8u;');
    for (const k of bytes) w.line(`    var ub${k}: u32 = (w${k} >> sh) & 255u;`);
    const byteSet = new Set(bytes);
    this.checkedPoint('    ', (k) => (byteSet.has(k) ? `ub${k}` : `out${k}[p]`), (k) => (byteSet.has(k) ? `f32(ub${k})` : undefined));
    for (const k of bytes) w.line(`    w${k} = (w${k} & ~(255u << sh)) | (ub${k} << sh);`);
    w.line('  }');
    for (const k of bytes) w.line(`  out${k}[word] = w${k};`);
  }

  /** The tile as one flat range: invocation t loads elements t, t + T, … (consecutive addresses). */
  private loadTile(s: StagedInput): void {
    const { w, d, program, strategy } = this;
    const size = s.extents.reduce((a, b) => a * b, 1);
    w.line(`    /* in${s.input} → t${s.input}: ${s.extents.join('×')}, halo -[${s.haloLo.join(', ')}] +[${s.haloHi.join(', ')}] */`);
    w.line(`    for (var k = t; k < ${size}; k += ${threadsPerBlock(strategy)}) {`);
    const coords = range(d).map((a) => {
      const stride = s.extents.slice(a + 1).reduce((x, y) => x * y, 1);
      const q = stride === 1 ? 'k' : `k / ${stride}`;
      return a === 0 ? q : `(${q}) % ${s.extents[a]}`;
    });
    for (const a of range(d)) w.line(`      let x${a} = ${coords[a]};`);
    const global = range(d).map((a) => {
      const c = s.haloLo[a] === 0 ? `(g${a} + x${a})` : `(g${a} - ${s.haloLo[a]} + x${a})`;
      return a === d - 1 ? c : `${c} * s${a}`;
    }).join(' + ');
    const dtype = program.inputs[s.input].dtype;
    const value = dtype === 'uint8' ? `sj_rd_in${s.input}(${global})` : dtype === 'float32' ? `in${s.input}[${global}]` : `f32(in${s.input}[${global}])`;
    w.line(`      t${s.input}[k] = ${value};`);
    w.line('    }');
  }

  /** The interior body reading the tiles (loaded, and the barrier passed, before it). */
  private tiledInterior(): void {
    const { w, d, program } = this;
    for (const a of range(d)) w.line(`    let i${a} = b${a};`);
    w.line(`    let p = ${range(d).map((a) => (a === d - 1 ? `i${a}` : `i${a} * s${a}`)).join(' + ')};`);
    for (const s of this.staged) {
      let index = `(l0 + ${s.haloLo[0]})`;
      for (let a = 1; a < d; a++) index = `(${index}) * ${s.extents[a]} + (l${a} + ${s.haloLo[a]})`;
      w.line(`    let lp${s.input} = ${index};`);
    }
    const staged = new Map(this.staged.map((s) => [s.input, s]));
    const body = program.regions[0].body;
    const r = new WgslBodyRenderer(program, TapOffsets.collect(body, 'ot', (g) => !(g.role === 'input' && staged.has(g.index))), {
      vectorOutputs: this.vectors.outputs,
      loadTarget: (grid, shifts) => {
        const s = grid.role === 'input' ? staged.get(grid.index) : undefined;
        if (!s) return undefined;
        const offset = shifts.reduce((acc, c, a) => acc + c * s.extents.slice(a + 1).reduce((x, y) => x * y, 1), 0);
        return `t${s.input}[lp${s.input}${offset === 0 ? '' : offset > 0 ? ` + ${offset}` : ` - ${-offset}`}]`;
      },
    });
    for (const decl of r.offsetDeclarations('    ')) w.line(decl);
    r.stmts(body, w, '    ');
    w.unmap();
  }

  private prologue(): void {
    const r = new WgslBodyRenderer(this.program, undefined, { vectorOutputs: this.vectors.outputs });
    r.stmts(this.program.prologue, this.w, '  ');
    this.w.unmap();
  }

  private checkedPoint(indent: string, target: (k: number) => string, value?: (k: number) => string | undefined): void {
    const { w, program, d } = this;
    const { rendered } = renderedRegions(program);
    w.line(`${indent}let p = ${range(d).map((a) => (a === d - 1 ? `i${a}` : `i${a} * s${a}`)).join(' + ')};`);
    w.line(`${indent}switch (${this.regionOf()}) {`);
    program.regions.forEach((region, r) => {
      if (!rendered.has(r)) return;
      w.line(`${indent}  case ${r}: {`);
      this.regionBody(region.body, `o${r}_`, `${indent}    `, target, value);
      w.line(`${indent}  }`);
    });
    w.line(`${indent}  default: {}`);
    w.line(`${indent}}`);
  }

  /** The region of the point (regionChoice, shared with render-gpu.ts), in nested selects. */
  private regionOf(): string {
    const { inside, faces } = regionChoice(this.program);
    let chosen = typeof faces === 'number' ? String(faces) : '-1';
    if (typeof faces !== 'number') for (const f of [...faces].reverse()) chosen = `select(select(${chosen}, ${f.hi}, ${f.above}), ${f.lo}, ${f.below})`;
    return `select(select(select(${chosen}, -1, fallback == ${FALLBACK_SKIP}), 0, ${inside}), fallback, fallback >= 0)`;
  }

  private regionBody(body: readonly Stmt[], prefix: string, indent: string, target: (k: number) => string, value?: (k: number) => string | undefined): void {
    const r = new WgslBodyRenderer(this.program, TapOffsets.collect(body, prefix), {
      storeTarget: target,
      vectorOutputs: this.vectors.outputs,
      outputValue: value && ((k) => value(k) ?? `f32(${outputElement(k, 'p', this.vectors.outputs)})`),
    });
    for (const decl of r.offsetDeclarations(indent)) this.w.line(decl);
    r.stmts(body, this.w, indent);
    this.w.unmap();
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
