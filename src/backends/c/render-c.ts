/**
 * The c backend's translation unit: the shared C-family body per region, wrapped in OpenMP loop
 * nests. One parallel region per call runs every box; each region's loop is an orphaned
 * `omp for nowait` (boxes are disjoint and outputs never alias inputs), so threads start once per
 * call rather than once per box. The innermost loop is unit-stride over restrict pointers, and the
 * interior's carries `omp simd` when vectorizing.
 */
import type { LoopProgram } from '../../ir/kernel.js';
import { forEachExpr } from '../../ir/visitor.js';
import { BodyRenderer, gridVar } from '../c-like/body-renderer.js';
import { CodeWriter } from '../c-like/code-writer.js';
import { C99, elementType, realType } from '../c-like/dialect.js';
import { prelude } from '../c-like/prelude.js';

export interface CRenderOptions {
  /** `omp simd` on the interior's inner loop (off for paper 004's scalar comparison). */
  readonly vectorize: boolean;
}

/** Below this many point-loads a call runs on one thread: starting a team costs microseconds. */
export const PARALLEL_MIN_WORK = 1 << 16;

export const ENTRY_POINT = 'sj_run';

export function renderC(program: LoopProgram, options: CRenderOptions): string {
  const d = program.ndim;
  const dialect = C99;
  const real = realType(program.compute);
  const genName = `sejits-${program.name}.c`;
  const w = new CodeWriter(program.origin, genName, dialect.lineDirectives);
  w.line(`/* sejits c: ${program.name} (${program.split ? 'specialized' : 'generic'}, ${program.boundary}, computes in ${program.compute}) */`);
  for (const inc of dialect.includes) w.line(inc);
  for (const l of ['#ifdef _OPENMP', '#include <omp.h>', '#endif']) w.line(l);
  w.line(prelude(dialect, program.compute));
  Object.entries(program.tables).forEach(([name, t], k) => {
    const values = t.data.map((v) => new BodyRenderer(dialect, program).literal(v));
    w.line(`/* static ${name} [${t.dims.join('×')}] */`);
    w.line(`${dialect.constantSpace}${real} T${k}[${Math.max(1, t.data.length)}] = { ${values.join(', ') || '0'} };`);
  });

  const gridParams = [
    ...program.inputs.map((g, i) => `const ${elementType(dialect, g.dtype)}* ${dialect.restrict} ${gridVar({ role: 'input', index: i })}`),
    ...program.outputs.map((g, i) => `${elementType(dialect, g.dtype)}* ${dialect.restrict} ${gridVar({ role: 'output', index: i })}`),
  ];
  const extents = range(d).map((a) => `n${a}`);
  const regionParams = [...gridParams, ...extents.map((n) => `const int64_t ${n}`), `const double* ${dialect.restrict} params`, `const int32_t* ${dialect.restrict} box`];

  program.regions.forEach((region, r) => {
    const interior = region.variant.every((c) => c === 'none');
    const body = new BodyRenderer(dialect, program);
    // A first rendering names the hoisted tap offsets, which are declared before the loops.
    body.stmts(region.body, new CodeWriter(program.origin, genName, false), '');
    w.line(`/* region ${r}: checks [${region.variant.join(', ')}] */`);
    w.line(`${dialect.regionQualifier} void sj_region${r}(${regionParams.join(', ')}) {`);
    w.line(`  const int64_t ${range(d).map((a) => `lo${a} = box[${1 + 2 * a}], hi${a} = box[${2 + 2 * a}]`).join(', ')};`);
    for (let a = 0; a < d - 1; a++) w.line(`  const int64_t s${a} = ${range(d).slice(a + 1).map((b) => `n${b}`).join(' * ')};`);
    program.params.forEach((_, k) => w.line(`  const ${real} P${k} = (${real})params[${k}];`));
    for (const decl of body.offsetDeclarations('  ')) w.line(decl);
    body.stmts(program.prologue, w, '  ');
    w.unmap();
    loopNest(w, d, interior && options.vectorize, () => body.stmts(region.body, w, ' '.repeat(2 * d + 2)));
    w.line('}');
  });

  const entryParams = [...gridParams.map((_, i) => `void* g${i}`), 'const int32_t* shape', 'const double* params', 'const int32_t* boxes', 'int32_t nboxes', 'int32_t nthreads'];
  const boxStride = 1 + 2 * d;
  const casts = [
    ...program.inputs.map((g, i) => `const ${elementType(dialect, g.dtype)}* in${i} = (const ${elementType(dialect, g.dtype)}*)g${i};`),
    ...program.outputs.map((g, i) => `${elementType(dialect, g.dtype)}* out${i} = (${elementType(dialect, g.dtype)}*)g${program.inputs.length + i};`),
  ];
  const call = [...program.inputs.map((_, i) => `in${i}`), ...program.outputs.map((_, i) => `out${i}`), ...extents, 'params', 'box'].join(', ');
  w.line(`void ${ENTRY_POINT}(${entryParams.join(', ')}) {`);
  for (const c of casts) w.line(`  ${c}`);
  w.line(`  const int64_t ${extents.map((n, a) => `${n} = shape[${a}]`).join(', ')};`);
  w.line(`  const int64_t work = ${extents.join(' * ')} * ${costPerPoint(program)};`);
  w.line('  (void)work; (void)nthreads;');
  w.line(`  #pragma omp parallel if (work >= ${PARALLEL_MIN_WORK}) num_threads(nthreads > 0 ? nthreads : omp_get_max_threads())`);
  w.line('  {');
  w.line('    for (int32_t b = 0; b < nboxes; b++) {');
  w.line(`      const int32_t* box = boxes + (int64_t)b * ${boxStride};`);
  w.line('      switch (box[0]) {');
  program.regions.forEach((_, r) => w.line(`        case ${r}: sj_region${r}(${call}); break;`));
  w.line('        default: break;');
  w.line('      }');
  w.line('    }');
  w.line('  }');
  w.line('}');
  return w.toString();
}

function loopNest(w: CodeWriter, d: number, simd: boolean, body: () => void): void {
  const schedule = 'schedule(static) nowait';
  if (d === 1) {
    w.line(`  #pragma omp for${simd ? ' simd' : ''} ${schedule}`);
    w.line('  for (int64_t i0 = lo0; i0 < hi0; i0++) {');
    w.line('    const int64_t p = i0;');
    body();
    w.unmap();
    w.line('  }');
    return;
  }
  w.line(`  #pragma omp for ${d > 2 ? `collapse(${d - 1}) ` : ''}${schedule}`);
  let indent = '  ';
  for (let a = 0; a < d - 1; a++) {
    w.line(`${indent}for (int64_t i${a} = lo${a}; i${a} < hi${a}; i${a}++) {`);
    indent += '  ';
  }
  w.line(`${indent}const int64_t row = ${range(d - 1).map((a) => `i${a} * s${a}`).join(' + ')};`);
  if (simd) w.line(`${indent}#pragma omp simd`);
  w.line(`${indent}for (int64_t i${d - 1} = lo${d - 1}; i${d - 1} < hi${d - 1}; i${d - 1}++) {`);
  w.line(`${indent}  const int64_t p = row + i${d - 1};`);
  body();
  w.unmap();
  w.line(`${indent}}`);
  for (let a = d - 2; a >= 0; a--) {
    indent = indent.slice(2);
    w.line(`${indent}}`);
  }
}

/** Grid reads plus weighted calls per point in the interior: a rough cost for the threading threshold. */
function costPerPoint(program: LoopProgram): number {
  let cost = 1;
  forEachExpr(program.regions[0]?.body ?? [], (e) => {
    if (e.kind === 'load') cost += 1;
    else if (e.kind === 'call') cost += 8;
  });
  return cost;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
