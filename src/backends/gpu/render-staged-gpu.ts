/**
 * The GPU kernel (OpenCL C or CUDA) of a staged program (ir/staged.ts): one block per tile, the
 * tile being the strategy's block extent, so the launch geometry, block numbering and kernel
 * signature are render-gpu.ts's (the region arguments are passed and unused: every stage picks its
 * body per point). The fields live in block-shared memory.
 *
 * Per stage, the block's threads share out the stage's box (the tile grown by the stage's halo) as
 * one flat range, thread k taking cells k, k + T, …, so consecutive threads compute consecutive
 * points of a row (coalesced reads and writes). Cells outside the grid are skipped. A point whose
 * loads stay in the grid runs the unchecked body, any other the folded one. Between stages every
 * thread passes a barrier: no thread returns early, and the barriers are outside any branch.
 */
import type { LoopProgram } from '../../ir/kernel.js';
import type { Stage, StagedSpec } from '../../ir/staged.js';
import { BodyRenderer } from '../c-like/body-renderer.js';
import { CodeWriter } from '../c-like/code-writer.js';
import { realType } from '../c-like/dialect.js';
import { fieldView, foldedFields, gridOffsets, range, StagedFieldBody, stagedSpec, stageView, type FieldLayout } from '../c-like/staged-body.js';
import { writeTables } from '../c-like/tables.js';
import type { GpuDialect } from './gpu-dialect.js';
import { KERNEL_NAME, kernelParameters, writeGridExtents, writeKernelPreamble } from './render-gpu.js';
import { fieldCell, stagedBox, stagedGeometry, stagedLoopPlan, stageFields, writeStageBodies, type StagedLoop } from './staged-loop.js';
import { blockExtent, strategyKey, threadsPerBlock, type KernelStrategy } from './strategy.js';

export function renderStagedGpuKernel(program: LoopProgram, dialect: GpuDialect, strategy: KernelStrategy): string {
  const spec = stagedSpec(program);
  const d = program.ndim;
  const tile = blockExtent(strategy);
  const w = new CodeWriter(program.origin, `sejits-${program.name}.${dialect.extension}`, dialect.c.lineDirectives);
  const tiles = new StagedTileWriter(program, dialect, strategy, w);
  w.line(`/* sejits ${dialect.c.name}: ${program.name} (staged: ${spec.stages.length} stages, ${spec.fields} field(s), tile ${tile.join('×')}; computes in ${program.compute}); ${strategyKey(strategy)} */`);
  tiles.writeHead();
  // The tile's low corner from the flat block index (render-gpu.ts numbers blocks the same way).
  w.line(`  sj_idx q = ${dialect.blockIndex};`);
  for (let a = d - 1; a > 0; a--) {
    w.line(`  const sj_idx g${a} = (q % nb${a}) * ${tile[a]};`);
    w.line(`  q /= nb${a};`);
  }
  w.line(`  const sj_idx g0 = q * ${tile[0]};`);
  tiles.writeStages(true, '  ');
  w.line('}');
  return w.toString();
}

/**
 * The staged tile code: the kernel's head (preamble, tables, signature, fields in shared memory,
 * extents, prologue) and, once the tile's corner g0, … is defined, its stages. Register streaming
 * (render-streamed-gpu.ts) runs the frame's tiles through it.
 */
export class StagedTileWriter {
  private readonly spec: StagedSpec;
  private readonly d: number;
  private readonly tile: readonly number[];
  private readonly nExt: number;
  private readonly real: string;
  private readonly threads: number;
  private readonly stageRowCounts: readonly number[];
  private readonly layout: FieldLayout;

  constructor(
    private readonly program: LoopProgram,
    private readonly dialect: GpuDialect,
    strategy: KernelStrategy,
    private readonly w: CodeWriter,
  ) {
    this.spec = stagedSpec(program);
    this.d = program.ndim;
    this.tile = blockExtent(strategy);
    this.nExt = program.inputs.length;
    this.real = realType(program.compute);
    this.threads = threadsPerBlock(strategy);
    const geometry = stagedGeometry(this.spec, this.tile, this.threads, this.nExt);
    this.stageRowCounts = geometry.rows;
    this.layout = geometry.layout;
  }

  /** Everything up to the point where the tile's corner is found: `t` is the thread's index in the block. */
  writeHead(): void {
    const { w, dialect, program, spec, layout } = this;
    writeKernelPreamble(w, dialect, program);
    const view = fieldView(program);
    writeTables(dialect.c, view, w);
    w.line(`${dialect.kernelPrefix(this.threads)} ${KERNEL_NAME}(${kernelParameters(program, dialect).join(', ')}) {`);
    for (let f = 0; f < spec.fields; f++) w.line(`  ${dialect.sharedArray(program.compute, `F${f}`, layout.cells[f])}`);
    writeGridExtents(w, this.d);
    w.line(`  const int t = ${dialect.threadIndex};`);
    new BodyRenderer(dialect.c, view).stmts(program.prologue, w, '  ');
    w.unmap();
  }

  /**
   * The stages of the tile at g0, …, with barriers between them (every thread of the block must
   * run this). `fast` adds the path of tiles whose computation stays inside the grid; without it
   * every cell is checked (the frame of a streamed kernel, which never holds such a tile).
   */
  writeStages(fast: boolean, ind: string): void {
    const { w, program, spec, layout, d } = this;
    const axes = range(d);
    // Whether this tile's computation, first stage's ghost zone and loads included, stays in the grid.
    const reach = program.reach;
    if (fast) w.line(`${ind}const int sj_inside = ${axes.map((a) => `g${a} >= ${reach.lo[a]} && g${a} + ${this.tile[a] + reach.hi[a]} <= n${a}`).join(' && ')};`);
    // Field origins (global coordinates of cell 0), for loads whose folded coordinates are not shifts.
    for (const f of foldedFields(spec, this.nExt)) w.line(`${ind}const sj_idx ${axes.map((a) => `org${f}_${a} = g${a} - ${layout.haloLo[f][a]}`).join(', ')};`);
    spec.stages.forEach((stage, s) => {
      this.writeStage(stage, s, fast, ind);
      if (s < spec.stages.length - 1) w.line(`${ind}${this.dialect.barrier}`);
    });
  }

  private writeStage(stage: Stage, s: number, fast: boolean, ind: string): void {
    const { w, program, dialect, layout, nExt } = this;
    const box = stagedBox(stage, this.tile);
    const loop = stagedLoopPlan(stage, box, this.d);
    w.line(`${ind}/* stage ${s}: ${stage.boundary}, halo below [${stage.halo.lo.join(', ')}] above [${stage.halo.hi.join(', ')}]; box ${box.join('×')} */`);
    w.line(`${ind}{`);
    const interior = new StagedFieldBody(dialect.c, stageView(program, stage), gridOffsets(stage.interior, `o${s}_`, nExt), nExt, layout.strides);
    const checked = new StagedFieldBody(dialect.c, stageView(program, stage), gridOffsets(stage.checked, `oc${s}_`, nExt), nExt, layout.strides);
    // TapOffsets.collect named every offset: they are declared once, before the loop.
    for (const decl of [...interior.offsetDeclarations(ind + '  '), ...checked.offsetDeclarations(ind + '  ')]) w.line(decl);
    if (fast) {
      // Tiles whose every stage stays inside the grid (all but the grid's edge) skip the per-cell
      // tests: the loop then costs a few integer operations per cell besides the stencil itself.
      w.line(`${ind}  if (sj_inside) {`);
      this.cellLoop(stage, box, loop, interior, checked, ind + '    ', this.stageRowCounts[s]);
      w.line(`${ind}  } else {`);
      this.cellLoop(stage, box, loop, interior, checked, ind + '    ', 0);
      w.line(`${ind}  }`);
    } else {
      this.cellLoop(stage, box, loop, interior, checked, ind + '  ', 0);
    }
    w.line(`${ind}}`);
  }

  /**
   * One stage's cells. `rows` (stagedGeometry; 0 in an edge tile, whose cells are checked one at a
   * time): in an interior tile a thread takes that many vertically neighbouring cells per iteration
   * (rows r·rows to r·rows + rows − 1 of the box along the second-last axis, the last block cut at the
   * box's edge), so that their common loads are read once (the compiler merges equal loads; the
   * arrays never alias), and consecutive threads still take consecutive points of a row. On the H100
   * four rows took 4 fused Laplacians from 0.31 to 0.285 ms.
   */
  private cellLoop(stage: Stage, box: readonly number[], loop: StagedLoop, interior: StagedFieldBody, checked: StagedFieldBody, ind0: string, fastRows: number): void {
    const { w, d } = this;
    const axes = range(d);
    const last = d - 2;
    const fast = fastRows > 0;
    const rows = fast ? fastRows : 1;
    const iter = rows > 1 ? stagedLoopPlan(stage, box.map((b, a) => (a === last ? Math.ceil(b / rows) : b)), d) : loop;
    w.line(`${ind0}for (int k = t; k < ${iter.cells}; k += ${this.threads}) {`);
    const ind = ind0 + '  ';
    w.line(`${ind}const int ${axes.map((a) => `${rows > 1 && a === last ? 'xb' : `x${a}`} = ${iter.coords[a]}`).join(', ')};`);
    if (rows === 1) {
      this.cell(stage, loop, interior, checked, ind, fast);
    } else {
      // Each row's grid index is the previous row's plus the row stride, spelled so: the compiler
      // then sees that row v's load below is row v + 1's own and reads it once (a row index
      // multiplied out per row hid that, and the first stage read the grid 5 times a cell; three
      // fused Laplacians took 0.234 ms instead of 0.258 on the H100).
      const rowIndex = axes.map((a) => `(g${a}${loop.shift(a)} + ${a === last ? `xb * ${rows}` : `x${a}`})${a === d - 1 ? '' : ` * s${a}`}`).join(' + ');
      w.line(`${ind}const sj_idx ${range(rows).map((v) => `pr${v} = ${v ? `pr${v - 1} + s${last}` : rowIndex}`).join(', ')};`);
      for (let v = 0; v < rows; v++) {
        w.line(`${ind}{`);
        w.line(`${ind}  const int x${last} = xb * ${rows}${v ? ` + ${v}` : ''};`);
        // The box's last rows when their count is not a multiple of `rows` (later rows are beyond too).
        if (box[last] % rows !== 0 && v >= box[last] % rows) w.line(`${ind}  if (x${last} >= ${box[last]}) continue;`);
        this.cell(stage, loop, interior, checked, ind + '  ', fast, `pr${v}`);
        w.line(`${ind}}`);
      }
    }
    w.line(`${ind0}}`);
  }

  private cell(stage: Stage, loop: StagedLoop, interior: StagedFieldBody, checked: StagedFieldBody, ind: string, fast: boolean, rowIndex?: string): void {
    const { w, d, program, layout, nExt } = this;
    const axes = range(d);
    w.line(`${ind}const sj_idx ${axes.map((a) => `i${a} = g${a}${loop.shift(a)} + x${a}`).join(', ')};`);
    if (!fast) w.line(`${ind}if (${loop.outside.join(' || ')}) continue;`);
    w.line(`${ind}const sj_idx p = ${rowIndex ?? axes.map((a) => (a === d - 1 ? `i${a}` : `i${a} * s${a}`)).join(' + ')};`);
    w.line(`${ind}(void)p;${rowIndex ? axes.map((a) => ` (void)i${a};`).join('') : ''}`);
    for (const f of stageFields(stage, nExt, !fast)) w.line(`${ind}const int q${f} = ${fieldCell(f, loop, layout, d)};`);
    stage.results.forEach((_, k) => w.line(`${ind}${this.real} sj_r${k};`));
    writeStageBodies(w, stage, loop, { interior, checked }, ind, !fast);
    stage.results.forEach((res, k) => {
      if (res.field !== undefined) w.line(`${ind}F${res.field}[q${res.field}] = sj_r${k};`);
      if (res.output === undefined) return;
      const store = `out${res.output}[p] = ${interior.convertForStore(program.outputs[res.output].dtype, `sj_r${k}`)};`;
      w.line(loop.own.length ? `${ind}if (${loop.own.join(' && ')}) ${store}` : `${ind}${store}`);
    });
  }
}
