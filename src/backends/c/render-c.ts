/**
 * The c backend's translation unit: the shared C-family body per region, wrapped in OpenMP loop
 * nests. One parallel region per call runs every box; each region's loop is an orphaned
 * `omp for nowait` (boxes are disjoint and outputs never alias inputs), so threads start once per
 * call rather than once per box. The innermost loop is unit-stride over restrict pointers, and the
 * interior's carries `omp simd` when vectorizing.
 *
 * The interior and the two faces of the innermost axis share their outer ranges, so they run as one
 * row loop (lo face, interior, hi face) rather than as three boxes: a face box alone would visit one
 * point per row, touching a new cache line each time, which costs more than the interior itself.
 */
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import type { Stmt } from '../../ir/nodes.js';
import { variantKey, type RegionVariant } from '../../stencil/regions.js';
import { BodyRenderer, gridVar } from '../c-like/body-renderer.js';
import { TapOffsets } from '../tap-offsets.js';
import { CodeWriter } from '../c-like/code-writer.js';
import { C99, elementType, realType } from '../c-like/dialect.js';
import { prelude } from '../c-like/prelude.js';
import { writeTables } from '../c-like/tables.js';
import { interiorPointCost } from './point-cost.js';
import { STREAM_SUPPORT, streamable } from './streaming.js';
import { bytesPerElement } from '../../dtype.js';

export interface CRenderOptions {
  /** `omp simd` on the interior's inner loop (off for paper 004's scalar comparison). */
  readonly vectorize: boolean;
}

/**
 * Below this many point-loads (about 0.2 ms of work) a call runs on one thread: waking a team costs
 * tens of microseconds, and milliseconds when another process holds the other cores.
 */
export const PARALLEL_MIN_WORK = 1 << 20;

export const ENTRY_POINT = 'sj_run';

/** Point bodies costing more than this (see costPerPoint) build their border regions at -O1. */
const COSTLY_BODY = 64;

/** Rows shorter than this never stream: 3-D grids of 256³ measured no gain from it. */
export const STREAM_MIN_ROW = 1024;

interface RowFusion {
  /** Region indices of the innermost axis's lo and hi faces, when the kernel reaches that way. */
  readonly lo: number | undefined;
  readonly hi: number | undefined;
}

export function renderC(program: LoopProgram, options: CRenderOptions): string {
  return new CTranslationUnit(program, options).render();
}

class CTranslationUnit {
  private readonly d: number;
  private readonly real: string;
  private readonly genName: string;
  private readonly w: CodeWriter;
  private readonly regionParams: string[];
  private readonly fusion: RowFusion | undefined;
  /** costPerPoint of the interior, for the threading and -O1 thresholds. */
  private readonly cost: number;

  constructor(
    private readonly program: LoopProgram,
    private readonly options: CRenderOptions,
  ) {
    const dialect = C99;
    this.d = program.ndim;
    this.real = realType(program.compute);
    this.genName = `sejits-${program.name}.c`;
    this.w = new CodeWriter(program.origin, this.genName, dialect.lineDirectives);
    const gridParams = [
      ...program.inputs.map((g, i) => `const ${elementType(dialect, g.dtype)}* ${dialect.restrict} ${gridVar({ role: 'input', index: i })}`),
      ...program.outputs.map((g, i) => `${elementType(dialect, g.dtype)}* ${dialect.restrict} ${gridVar({ role: 'output', index: i })}`),
    ];
    this.regionParams = [
      ...gridParams,
      ...this.extents().map((n) => `const int64_t ${n}`),
      `const double* ${dialect.restrict} params`,
      `const int32_t* ${dialect.restrict} box`,
      'const int64_t sj_stream_min',
    ];
    this.fusion = rowFusion(program);
    this.cost = costPerPoint(program);
  }

  render(): string {
    const { program, w } = this;
    w.line(`/* sejits c: ${program.name} (${program.split ? 'specialized' : 'generic'}, ${program.boundary}, computes in ${program.compute}) */`);
    for (const inc of C99.includes) w.line(inc);
    for (const l of ['#ifdef _OPENMP', '#include <omp.h>', '#endif']) w.line(l);
    w.line(prelude(C99, program.compute));
    if (this.fusion && streamable(program)) w.line(STREAM_SUPPORT);
    writeTables(C99, program, w);
    // Border regions of costly bodies (the 169-tap bilateral) are a sliver of the run time but most of
    // the code: gcc builds them at -O1, which halves the compile.
    w.line('#if defined(__GNUC__) && !defined(__clang__)');
    w.line('#define SJ_BORDER_OPT __attribute__((optimize("O1")))');
    w.line('#else');
    w.line('#define SJ_BORDER_OPT');
    w.line('#endif');
    program.regions.forEach((_, r) => {
      // The interior only ever runs as rows; the faces also run alone when a grid has no interior.
      if (!(this.fusion && r === 0)) this.regionFunction(r);
    });
    if (this.fusion) this.rowsFunction(this.fusion);
    this.entry();
    return w.toString();
  }

  private extents(): string[] {
    return range(this.d).map((a) => `n${a}`);
  }

  /** Bounds, strides and runtime parameters every region function starts with. */
  private preamble(): void {
    const { d, w } = this;
    w.line(`  const int64_t ${range(d).map((a) => `lo${a} = box[${1 + 2 * a}], hi${a} = box[${2 + 2 * a}]`).join(', ')};`);
    for (let a = 0; a < d - 1; a++) w.line(`  const int64_t s${a} = ${range(d).slice(a + 1).map((b) => `n${b}`).join(' * ')};`);
    this.program.params.forEach((_, k) => w.line(`  const ${this.real} P${k} = (${this.real})params[${k}];`));
  }

  /** A body renderer whose hoisted offsets (named `${prefix}k`) are declared before the loops. */
  private bodyFor(body: readonly Stmt[], prefix: string): BodyRenderer {
    return new BodyRenderer(C99, this.program, TapOffsets.collect(body, prefix));
  }

  private regionFunction(r: number): void {
    const { d, w, program } = this;
    const region = program.regions[r];
    const interior = region.variant.every((c) => c === 'none');
    const body = this.bodyFor(region.body, 'o');
    w.line(`/* region ${r}: checks [${region.variant.join(', ')}] */`);
    const border = !interior && this.cost > COSTLY_BODY ? 'SJ_BORDER_OPT ' : '';
    w.line(`${border}${C99.regionQualifier} void sj_region${r}(${this.regionParams.join(', ')}) {`);
    this.preamble();
    w.line('  (void)sj_stream_min;');
    for (const decl of body.offsetDeclarations('  ')) w.line(decl);
    body.stmts(program.prologue, w, '  ');
    w.unmap();
    const simd = interior && this.options.vectorize;
    if (d === 1) {
      w.line(`  #pragma omp for${simd ? ' simd' : ''} schedule(static) nowait`);
      w.line('  for (int64_t i0 = lo0; i0 < hi0; i0++) {');
      w.line('    const int64_t p = i0;');
      body.stmts(region.body, w, '    ');
      w.unmap();
      w.line('  }');
    } else {
      const indent = this.openRows();
      this.innerLoop(indent, `lo${d - 1}`, `hi${d - 1}`, simd, () => body.stmts(region.body, w, indent + '  '));
      this.closeRows();
    }
    w.line('}');
  }

  /** The interior box, with the innermost axis's faces run in the same row loop. */
  private rowsFunction(fusion: RowFusion): void {
    const { d, w, program } = this;
    const last = d - 1;
    const parts = [
      { region: fusion.lo, from: '0', to: `lo${last}`, prefix: 'ol' },
      { region: 0, from: `lo${last}`, to: `hi${last}`, prefix: 'o' },
      { region: fusion.hi, from: `hi${last}`, to: `n${last}`, prefix: 'oh' },
    ].flatMap((p) => (p.region === undefined ? [] : [{ ...p, region: p.region, body: this.bodyFor(program.regions[p.region].body, p.prefix) }]));
    w.line(`/* regions ${parts.map((p) => p.region).join(', ')}: the interior rows with the faces of axis ${last} (checks ${parts.map((p) => `[${program.regions[p.region].variant.join(', ')}]`).join(', ')}) */`);
    w.line(`${C99.regionQualifier} void sj_rows(${this.regionParams.join(', ')}) {`);
    this.preamble();
    for (const p of parts) for (const decl of p.body.offsetDeclarations('  ')) w.line(decl);
    parts[0].body.stmts(program.prologue, w, '  ');
    w.unmap();
    const stream = streamable(program);
    if (stream) {
      const bytes = [...program.inputs, ...program.outputs].reduce((n, g) => n + bytesPerElement(g.dtype), 0);
      // Short rows spend too long in the unaligned head and tail to gain from streaming.
      // A threshold of 0 streams every call (tests use it to cover this path on small grids).
      w.line(`  const int stream = SJ_VB > 0 && (sj_stream_min == 0 || (n${d - 1} >= ${STREAM_MIN_ROW} && ${this.extents().join(' * ')} * ${bytes} >= sj_stream_min));`);
    }
    const indent = this.openRows();
    for (const p of parts) {
      const loop = () => this.innerLoop(indent, p.from, p.to, p.region === 0 && this.options.vectorize, () => p.body.stmts(program.regions[p.region].body, w, indent + '  '));
      if (p.region === 0 && stream) this.streamingInterior(indent, p.from, p.to, p.body, loop);
      else loop();
    }
    this.closeRows();
    if (stream) w.line('  if (stream) sj_sfence();');
    w.line('}');
  }

  /**
   * The interior row with non-temporal stores: ordinary stores up to the outputs' vector alignment,
   * then one streamed vector per block of points, then ordinary stores for the tail.
   */
  private streamingInterior(indent: string, from: string, to: string, plain: BodyRenderer, ordinary: () => void): void {
    const { w, program, d } = this;
    const i = `i${d - 1}`;
    const elem = bytesPerElement(program.outputs[0].dtype);
    const lanes = `(SJ_VB / ${elem})`;
    const sameAlignment = program.outputs.slice(1).map((_, k) => `((uintptr_t)out${k + 1} & (SJ_VB - 1)) == ((uintptr_t)out0 & (SJ_VB - 1))`);
    const blocked = new BodyRenderer(C99, program, plain.offsets, (k) => `sj_buf${k}[${i} - sj_block]`);
    const inner = indent + '  ';
    const body = program.regions[0].body;
    w.line(`${indent}if (stream${sameAlignment.map((c) => ` && ${c}`).join('')}) {`);
    // Points before the first vector-aligned output address, then whole vectors, then the rest.
    w.line(`${inner}const int64_t sj_skew = (int64_t)(((SJ_VB - ((uintptr_t)(out0 + row + ${from}) & (SJ_VB - 1))) & (SJ_VB - 1)) / ${elem});`);
    w.line(`${inner}const int64_t sj_head = ${from} + sj_skew < ${to} ? ${from} + sj_skew : ${to};`);
    w.line(`${inner}const int64_t sj_body = sj_head + (${to} - sj_head) / ${lanes} * ${lanes};`);
    this.innerLoop(inner, from, 'sj_head', this.options.vectorize, () => plain.stmts(body, w, inner + '  '));
    w.line(`${inner}for (int64_t sj_block = sj_head; sj_block < sj_body; sj_block += ${lanes}) {`);
    program.outputs.forEach((g, k) => w.line(`${inner}  ${elementType(C99, g.dtype)} sj_buf${k}[${lanes}] __attribute__((aligned(SJ_VB)));`));
    this.innerLoop(inner + '  ', 'sj_block', `sj_block + ${lanes}`, this.options.vectorize, () => blocked.stmts(body, w, inner + '    '));
    program.outputs.forEach((_, k) => w.line(`${inner}  sj_stream_vector(out${k} + row + sj_block, sj_buf${k});`));
    w.line(`${inner}}`);
    this.innerLoop(inner, 'sj_body', to, this.options.vectorize, () => plain.stmts(body, w, inner + '  '));
    w.line(`${indent}} else {`);
    ordinary();
    w.line(`${indent}}`);
  }

  /** `omp for` over the outer axes (collapsed in 3-D); returns the indent of the row's body. */
  private openRows(): string {
    const { d, w } = this;
    w.line(`  #pragma omp for ${d > 2 ? `collapse(${d - 1}) ` : ''}schedule(static) nowait`);
    let indent = '  ';
    for (let a = 0; a < d - 1; a++) {
      w.line(`${indent}for (int64_t i${a} = lo${a}; i${a} < hi${a}; i${a}++) {`);
      indent += '  ';
    }
    w.line(`${indent}const int64_t row = ${range(d - 1).map((a) => `i${a} * s${a}`).join(' + ')};`);
    return indent;
  }

  private closeRows(): void {
    let indent = '  '.repeat(this.d);
    for (let a = this.d - 2; a >= 0; a--) {
      indent = indent.slice(2);
      this.w.line(`${indent}}`);
    }
  }

  private innerLoop(indent: string, from: string, to: string, simd: boolean, body: () => void): void {
    const { d, w } = this;
    const i = `i${d - 1}`;
    if (simd) w.line(`${indent}#pragma omp simd`);
    w.line(`${indent}for (int64_t ${i} = ${from}; ${i} < ${to}; ${i}++) {`);
    w.line(`${indent}  const int64_t p = row + ${i};`);
    body();
    w.unmap();
    w.line(`${indent}}`);
  }

  private entry(): void {
    const { program, w, d } = this;
    const inputs = program.inputs.map((g, i) => ({ type: elementType(C99, g.dtype), name: `in${i}`, arg: `g${i}`, qual: 'const ' }));
    const outputs = program.outputs.map((g, i) => ({ type: elementType(C99, g.dtype), name: `out${i}`, arg: `g${program.inputs.length + i}`, qual: '' }));
    const grids = [...inputs, ...outputs];
    const extents = this.extents();
    const entryParams = [...grids.map((g) => `void* ${g.arg}`), 'const int32_t* shape', 'const double* params', 'const int32_t* boxes', 'int32_t nboxes', 'int32_t nthreads', 'int64_t stream_min'];
    const call = [...grids.map((g) => g.name), ...extents, 'params', 'box', 'stream_min'].join(', ');
    const fusion = this.fusion;
    w.line(`void ${ENTRY_POINT}(${entryParams.join(', ')}) {`);
    for (const g of grids) w.line(`  ${g.qual}${g.type}* ${g.name} = (${g.qual}${g.type}*)${g.arg};`);
    w.line(`  const int64_t ${extents.map((n, a) => `${n} = shape[${a}]`).join(', ')};`);
    w.line(`  const int64_t work = ${extents.join(' * ')} * ${this.cost};`);
    w.line('  (void)work; (void)nthreads;');
    if (fusion) {
      w.line('  /* The face boxes of the innermost axis run inside sj_rows whenever the interior box is present. */');
      w.line('  int rows = 0;');
      w.line(`  for (int32_t b = 0; b < nboxes; b++) rows |= boxes[(int64_t)b * ${1 + 2 * d}] == 0;`);
    }
    w.line(`  #pragma omp parallel if (work >= ${PARALLEL_MIN_WORK}) num_threads(nthreads > 0 ? nthreads : omp_get_max_threads())`);
    w.line('  {');
    w.line('    for (int32_t b = 0; b < nboxes; b++) {');
    w.line(`      const int32_t* box = boxes + (int64_t)b * ${1 + 2 * d};`);
    w.line('      switch (box[0]) {');
    program.regions.forEach((_, r) => {
      if (fusion && r === 0) w.line(`        case 0: sj_rows(${call}); break;`);
      else if (fusion && (r === fusion.lo || r === fusion.hi)) w.line(`        case ${r}: if (!rows) sj_region${r}(${call}); break;`);
      else w.line(`        case ${r}: sj_region${r}(${call}); break;`);
    });
    w.line('        default: break;');
    w.line('      }');
    w.line('    }');
    w.line('  }');
    w.line('}');
  }
}

/** Row fusion applies to split kernels of 2-D and 3-D grids, whose region 0 is the interior. */
function rowFusion(program: LoopProgram): RowFusion | undefined {
  const d = program.ndim;
  if (d < 2 || !interiorRegion(program)) return undefined;
  const face = (side: 'lo' | 'hi'): RegionVariant => [...new Array<'none'>(d - 1).fill('none'), side];
  const find = (v: RegionVariant) => {
    const i = program.regions.findIndex((r) => variantKey(r.variant) === variantKey(v));
    return i < 0 ? undefined : i;
  };
  return { lo: find(face('lo')), hi: find(face('hi')) };
}

/** Grid reads plus weighted calls per point in the interior: a rough cost for the thresholds. */
function costPerPoint(program: LoopProgram): number {
  const { loads, calls } = interiorPointCost(program);
  return 1 + loads + 8 * calls;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
