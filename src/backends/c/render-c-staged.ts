/**
 * The c backend's translation unit for a staged program (ir/staged.ts): OpenMP threads take tiles;
 * each thread keeps its fields in buffers of its own, sized for one tile plus halos so that they
 * stay in cache, and runs the stages tile by tile. The entry point has the ordinary signature
 * (boxes are ignored: the tiles cover the grid), so compiling and calling are unchanged.
 */
import type { LoopProgram } from '../../ir/kernel.js';
import type { Stmt } from '../../ir/nodes.js';
import { stagedCells, type Stage } from '../../ir/staged.js';
import { BodyRenderer } from '../c-like/body-renderer.js';
import { CodeWriter } from '../c-like/code-writer.js';
import { C99, elementType, realType } from '../c-like/dialect.js';
import { prelude } from '../c-like/prelude.js';
import { fieldLayout, fieldsUsed, fieldView, gridOffsets, range, StagedFieldBody, stageView } from '../c-like/staged-body.js';
import { writeTables } from '../c-like/tables.js';
import { ENTRY_POINT, PARALLEL_MIN_WORK } from './render-c.js';

/** Field cells per thread the default tile aims at: the fields of a tile stay within a core's L2. */
const TILE_CELLS = 1 << 15;

/** The default tile: long rows (unit stride, vectorized), as many rows as keep the fields cached. */
export function cpuTile(program: LoopProgram): number[] {
  const spec = program.staged!;
  const d = program.ndim;
  const base = d === 1 ? [8192] : d === 2 ? [16, 512] : [4, 16, 256];
  const tile = [...base];
  // Shrink the outer axes first while a tile's fields exceed the budget.
  for (let a = 0; a < d - 1 && stagedCells(spec, tile) > TILE_CELLS * spec.fields; a++) {
    while (tile[a] > 2 && stagedCells(spec, tile) > TILE_CELLS * spec.fields) tile[a] = Math.ceil(tile[a] / 2);
  }
  return tile;
}

export function renderCStaged(program: LoopProgram, vectorize: boolean, tile: readonly number[] = cpuTile(program)): string {
  const spec = program.staged;
  if (!spec) throw new Error('internal: renderCStaged needs a staged program');
  const d = program.ndim;
  const real = realType(program.compute);
  const nExt = program.inputs.length;
  const w = new CodeWriter(program.origin, `sejits-${program.name}.c`, C99.lineDirectives);
  const view = fieldView(program);
  const { cells, strides, haloLo } = fieldLayout(spec, tile);
  const axes = range(d);

  w.line(`/* sejits c: ${program.name} (staged: ${spec.stages.length} stages, ${spec.fields} field(s), tile ${tile.join('x')}; computes in ${program.compute}) */`);
  for (const inc of C99.includes) w.line(inc);
  w.line('#include <stdlib.h>');
  for (const l of ['#ifdef _OPENMP', '#include <omp.h>', '#endif']) w.line(l);
  w.line(prelude(C99, program.compute));
  writeTables(C99, view, w);

  const grids = [
    ...program.inputs.map((g, i) => ({ decl: `const ${elementType(C99, g.dtype)}* ${C99.restrict} in${i}`, arg: `g${i}`, type: `const ${elementType(C99, g.dtype)}*` })),
    ...program.outputs.map((g, i) => ({ decl: `${elementType(C99, g.dtype)}* ${C99.restrict} out${i}`, arg: `g${nExt + i}`, type: `${elementType(C99, g.dtype)}*` })),
  ];
  const entryParams = [...grids.map((g) => `void* ${g.arg}`), 'const int32_t* shape', 'const double* params', 'const int32_t* boxes', 'int32_t nboxes', 'int32_t nthreads', 'int64_t stream_min'];
  w.line(`void ${ENTRY_POINT}(${entryParams.join(', ')}) {`);
  w.line('  (void)boxes; (void)nboxes; (void)stream_min;');
  for (const g of grids) w.line(`  ${g.decl} = (${g.type})${g.arg};`);
  w.line(`  const int64_t ${axes.map((a) => `n${a} = shape[${a}]`).join(', ')};`);
  for (let a = 0; a < d - 1; a++) w.line(`  const int64_t s${a} = ${axes.slice(a + 1).map((b) => `n${b}`).join(' * ')};`);
  program.params.forEach((_, k) => w.line(`  const ${real} P${k} = (${real})params[${k}];`));
  const prologue = new BodyRenderer(C99, view);
  prologue.stmts(program.prologue, w, '  ');
  w.unmap();
  w.line(`  const int64_t ${axes.map((a) => `T${a} = ${tile[a]}, nt${a} = (n${a} + ${tile[a] - 1}) / ${tile[a]}`).join(', ')};`);
  w.line(`  const int64_t work = ${axes.map((a) => `n${a}`).join(' * ')} * ${spec.stages.length * 8};`);
  w.line('  (void)work;');
  w.line(`  #pragma omp parallel if (work >= ${PARALLEL_MIN_WORK}) num_threads(nthreads > 0 ? nthreads : omp_get_max_threads())`);
  w.line('  {');
  for (let f = 0; f < spec.fields; f++) w.line(`    ${real}* F${f} = (${real}*)malloc(sizeof(${real}) * ${cells[f]});`);
  w.line(`    #pragma omp for ${d > 1 ? `collapse(${d}) ` : ''}schedule(dynamic, 1)`);
  let indent = '    ';
  for (const a of axes) {
    w.line(`${indent}for (int64_t t${a} = 0; t${a} < nt${a}; t${a}++) {`);
    indent += '  ';
  }
  for (const a of axes) w.line(`${indent}const int64_t lo${a} = t${a} * T${a}, hi${a} = lo${a} + T${a} < n${a} ? lo${a} + T${a} : n${a};`);
  for (let f = 0; f < spec.fields; f++) w.line(`${indent}const int64_t ${axes.map((a) => `org${f}_${a} = lo${a} - ${haloLo[f][a]}`).join(', ')};`);
  spec.stages.forEach((stage, s) => {
    w.line(`${indent}/* stage ${s}: ${stage.boundary}, halo below [${stage.halo.lo.join(', ')}] above [${stage.halo.hi.join(', ')}] */`);
    w.line(`${indent}{`);
    const inner = indent + '  ';
    w.line(`${inner}const int64_t ${axes.map((a) => `a${a} = lo${a} - ${stage.halo.lo[a]} > 0 ? lo${a} - ${stage.halo.lo[a]} : 0, b${a} = hi${a} + ${stage.halo.hi[a]} < n${a} ? hi${a} + ${stage.halo.hi[a]} : n${a}`).join(', ')};`);
    stageLoops(stage, inner);
    w.line(`${indent}}`);
  });
  for (let a = d - 1; a >= 0; a--) {
    indent = indent.slice(2);
    w.line(`${indent}}`);
  }
  for (let f = 0; f < spec.fields; f++) w.line(`    free(F${f});`);
  w.line('  }');
  w.line('}');
  return w.toString();

  /**
   * The stage's points row by row: the part of each row whose loads stay in the grid runs the
   * unchecked body (vectorized), the ends and rows near the grid's edge the checked one.
   */
  function stageLoops(stage: Stage, indent0: string): void {
    const r = stage.reach;
    let ind = indent0;
    for (const a of axes.slice(0, d - 1)) {
      w.line(`${ind}for (int64_t i${a} = a${a}; i${a} < b${a}; i${a}++) {`);
      ind += '  ';
    }
    const last = d - 1;
    const rowInside = axes.slice(0, d - 1).map((a) => `i${a} >= ${r.lo[a]} && i${a} < n${a} - ${r.hi[a]}`);
    w.line(`${ind}const int row_inside = ${rowInside.length ? rowInside.join(' && ') : '1'};`);
    w.line(`${ind}int64_t c = ${r.lo[last]} > a${last} ? ${r.lo[last]} : a${last};`);
    w.line(`${ind}if (c > b${last}) c = b${last};`);
    w.line(`${ind}int64_t e = n${last} - ${r.hi[last]} < b${last} ? n${last} - ${r.hi[last]} : b${last};`);
    w.line(`${ind}if (e < c) e = c;`);
    w.line(`${ind}if (!row_inside) c = e = a${last};`);
    innerLoop(stage, stage.checked, ind, `a${last}`, 'c', false, 'oc');
    innerLoop(stage, stage.interior, ind, 'c', 'e', vectorize, 'o');
    innerLoop(stage, stage.checked, ind, 'e', `b${last}`, false, 'oc');
    for (let a = d - 2; a >= 0; a--) {
      ind = ind.slice(2);
      w.line(`${ind}}`);
    }
  }

  function innerLoop(stage: Stage, body: readonly Stmt[], ind0: string, from: string, to: string, simd: boolean, prefix: string): void {
    const used = fieldsUsed(body, stage, nExt);
    const renderer = new StagedFieldBody(C99, stageView(program, stage), gridOffsets(body, prefix, nExt), nExt, strides);
    const last = d - 1;
    w.line(`${ind0}{`);
    for (const decl of renderer.offsetDeclarations(ind0 + '  ')) w.line(decl);
    if (simd) w.line(`${ind0}  #pragma omp simd`);
    w.line(`${ind0}  for (int64_t i${last} = ${from}; i${last} < ${to}; i${last}++) {`);
    const ind = ind0 + '    ';
    w.line(`${ind}const int64_t p = ${axes.map((a) => (a === last ? `i${a}` : `i${a} * s${a}`)).join(' + ')};`);
    for (const f of used) w.line(`${ind}const int64_t q${f} = ${axes.map((a) => `(i${a} - org${f}_${a})${strides[f][a] === 1 ? '' : ` * ${strides[f][a]}`}`).join(' + ')};`);
    stage.results.forEach((_, k) => w.line(`${ind}${real} sj_r${k};`));
    renderer.stmts(body, w, ind);
    w.unmap();
    stage.results.forEach((res, k) => {
      if (res.field !== undefined) w.line(`${ind}F${res.field}[q${res.field}] = sj_r${k};`);
      if (res.output === undefined) return;
      const own = axes.filter((a) => stage.halo.lo[a] > 0 || stage.halo.hi[a] > 0).map((a) => `i${a} >= lo${a} && i${a} < hi${a}`);
      const store = `out${res.output}[p] = ${renderer.convertForStore(program.outputs[res.output].dtype, `sj_r${k}`)};`;
      w.line(own.length ? `${ind}if (${own.join(' && ')}) ${store}` : `${ind}${store}`);
    });
    w.line(`${ind0}  }`);
    w.line(`${ind0}}`);
  }
}
