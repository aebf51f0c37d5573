/**
 * The WGSL shader of a staged program (ir/staged.ts), the counterpart of gpu/render-staged-gpu.ts:
 * one workgroup per tile (the strategy's block extent), fields in `var<workgroup>` arrays of f32
 * (WGSL computes in f32 throughout), each stage's box shared out among the invocations as one flat
 * range (staged-loop.ts), the unchecked body where a point's loads stay in the grid, the folded one
 * elsewhere, and a workgroupBarrier() between stages outside any branch. The only early return
 * depends on the workgroup alone (uniform), as WGSL's uniformity analysis requires.
 *
 * Packed uint8 grids are not supported here: the webgpu backend's stagedFits() refuses programs
 * with uint8 grids, so meta runs those chains unfused (the word scheme of render-wgsl.ts).
 */
import type { LoopProgram } from '../../ir/kernel.js';
import type { Expr, GridRef } from '../../ir/nodes.js';
import type { Stage } from '../../ir/staged.js';
import { fieldAccess, fieldLayout, fieldView, foldedFields, gridOffsets, isField, range, stagedSpec, stageView, type FieldLayout } from '../c-like/staged-body.js';
import { fieldCell, stagedBox, stagedLoopPlan, stageFields, writeStageBodies } from '../gpu/staged-loop.js';
import { stagedFits } from '../gpu/staged-strategy.js';
import { blockExtent, strategyKey, threadsPerBlock, type DeviceLimits, type KernelStrategy } from '../gpu/strategy.js';
import type { TapOffsets } from '../tap-offsets.js';
import type { RenderedWgsl } from './render-wgsl.js';
import { WgslWriter, writeWgslBindings, writeWgslEntryHead } from './render-wgsl.js';
import { WgslBodyRenderer } from './wgsl-body.js';
import { WGSL_PRELUDE, writeWgslTables } from './wgsl-prelude.js';

/** Fields hold f32: WGSL has no f64, and int32 values compute in f32 there too. */
const FIELD_DTYPE = 'float32';

/** Whether the webgpu backends (Node and browser) run a staged program: no uint8 grids, fields that fit. */
export function wgslStagedFits(program: LoopProgram, limits: DeviceLimits): boolean {
  if ([...program.inputs, ...program.outputs].some((g) => g.dtype === 'uint8')) return false;
  return stagedFits(program, { ...limits, fieldBytes: 4 });
}

export function renderStagedWgsl(program: LoopProgram, strategy: KernelStrategy): RenderedWgsl {
  const spec = stagedSpec(program);
  if ([...program.inputs, ...program.outputs].some((g) => g.dtype === 'uint8')) throw new Error(`internal: ${program.name} is staged with uint8 grids, which webgpu's stagedFits refuses`);
  const d = program.ndim;
  const axes = range(d);
  const tile = blockExtent(strategy);
  const layout = fieldLayout(spec, tile);
  const nExt = program.inputs.length;
  const threads = threadsPerBlock(strategy);
  const w = new WgslWriter(program.origin.firstLine, `sejits-${program.name}.wgsl`);

  w.line(`/* sejits wgsl: ${program.name} (staged: ${spec.stages.length} stages, ${spec.fields} field(s), tile ${tile.join('×')}; computes in f32); ${strategyKey(strategy)} */`);
  writeWgslBindings(program, w);
  for (let f = 0; f < spec.fields; f++) w.line(`var<workgroup> F${f}: array<f32, ${layout.cells[f]}>;`);
  w.line(WGSL_PRELUDE);
  writeWgslTables(program, w);
  writeWgslEntryHead(w, d, threads);
  // Excess workgroups of a 2-D dispatch leave together (q depends on the workgroup only).
  w.line(`  if (q >= ${axes.map((a) => `nb${a}`).join(' * ')}) { return; }`);
  for (let a = d - 1; a > 0; a--) {
    w.line(`  let g${a} = (q % nb${a}) * ${tile[a]};`);
    w.line(`  q = q / nb${a};`);
  }
  w.line(`  let g0 = q * ${tile[0]};`);
  new WgslBodyRenderer(fieldView(program, FIELD_DTYPE)).stmts(program.prologue, w, '  ');
  w.unmap();
  for (const f of foldedFields(spec, nExt)) for (const a of axes) w.line(`  let org${f}_${a} = g${a} - ${layout.haloLo[f][a]};`);
  spec.stages.forEach((stage, s) => {
    writeStage(stage, s);
    if (s < spec.stages.length - 1) w.line('  workgroupBarrier();');
  });
  w.line('}');
  return { source: w.toString(), kernelLines: w.kernelLines, threads, wordScheme: false, vectorInputs: [], vectorOutputs: [] };

  function writeStage(stage: Stage, s: number): void {
    const box = stagedBox(stage, tile);
    const loop = stagedLoopPlan(stage, box, d);
    const view = stageView(program, stage, FIELD_DTYPE);
    w.line(`  /* stage ${s}: ${stage.boundary}, halo below [${stage.halo.lo.join(', ')}] above [${stage.halo.hi.join(', ')}]; box ${box.join('×')} */`);
    w.line('  {');
    const interior = new StagedWgslBody(view, gridOffsets(stage.interior, `o${s}_`, nExt), nExt, layout);
    const checked = new StagedWgslBody(view, gridOffsets(stage.checked, `oc${s}_`, nExt), nExt, layout);
    for (const decl of [...interior.offsetDeclarations('    '), ...checked.offsetDeclarations('    ')]) w.line(decl);
    w.line(`    for (var k = t; k < ${loop.cells}; k += ${threads}) {`);
    const ind = '      ';
    for (const a of axes) w.line(`${ind}let x${a} = ${loop.coords[a]};`);
    for (const a of axes) w.line(`${ind}let i${a} = g${a}${loop.shift(a)} + x${a};`);
    w.line(`${ind}if (${loop.outside.join(' || ')}) { continue; }`);
    w.line(`${ind}let p = ${axes.map((a) => (a === d - 1 ? `i${a}` : `i${a} * s${a}`)).join(' + ')};`);
    for (const f of stageFields(stage, nExt, true)) w.line(`${ind}let q${f} = ${fieldCell(f, loop, layout, d)};`);
    // A slot holds its store's type: i32 for int32 outputs (sj_to_i32), else f32.
    const slotType = view.outputs.map((g) => (g.dtype === 'int32' ? 'i32' : 'f32'));
    stage.results.forEach((_, k) => w.line(`${ind}var sj_r${k}: ${slotType[k]};`));
    writeStageBodies(w, stage, loop, { interior, checked }, ind, true);
    stage.results.forEach((res, k) => {
      if (res.field !== undefined) w.line(`${ind}F${res.field}[q${res.field}] = ${slotType[k] === 'f32' ? `sj_r${k}` : `f32(sj_r${k})`};`);
      if (res.output === undefined) return;
      const store = `out${res.output}[p] = sj_r${k};`;
      w.line(loop.own.length ? `${ind}if (${loop.own.join(' && ')}) { ${store} }` : `${ind}${store}`);
    });
    w.line('    }');
    w.line('  }');
  }
}

/** Field loads read the workgroup's arrays (staged-body.ts); grid loads are the WGSL renderer's. */
class StagedWgslBody extends WgslBodyRenderer {
  constructor(
    view: LoopProgram,
    offsets: TapOffsets,
    private readonly nExt: number,
    private readonly layout: FieldLayout,
  ) {
    super(view, offsets, { storeTarget: (k) => `sj_r${k}` });
  }

  protected override access(grid: GridRef, coords: readonly Expr[]): string {
    if (!isField(grid, this.nExt)) return super.access(grid, coords);
    const f = grid.index - this.nExt;
    return fieldAccess(f, coords, this.layout.strides[f], (c) => this.coordIndex(c));
  }
}
