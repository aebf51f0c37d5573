/**
 * Builds a staged program (ir/staged.ts) from a fused group whose stencils read values computed in
 * the group: block-level fusion (paper 000, Figure 8) and, for k copies of a time step, temporal
 * blocking. Each stencil that reads a group value starts a new stage; pointwise members join the
 * stage of their latest producer. A stage is an ordinary register-fused kernel (fuseKernel) whose
 * reads of earlier stages' results become reads of fields, run through the ordinary pipeline and
 * lowered twice by the one shared lowerBoundary: unchecked for interior tiles, folded on every axis
 * for the rest.
 */
import type { Dtype } from '../dtype.js';
import type { FusionInfo } from '../framework/fusable.js';
import type { LoopProgram, StaticTable } from '../ir/kernel.js';
import type { Stage, StageResult } from '../ir/staged.js';
import type { Stmt } from '../ir/nodes.js';
import { lowerBoundary } from '../passes/lower-boundary.js';
import { runPipeline, type PassDump } from '../passes/pipeline.js';
import { zeroReach, type Reach } from '../stencil/boundary.js';
import { fusedComputeType, fuseKernel, type FuseMember } from './fuse-kernel.js';

/** A group member as block-plan sees it: where each input comes from, what it produces. */
export interface StagedMember {
  readonly info: FusionInfo;
  /** Per input: an external program input, or a result of an earlier member (indices into the members list). */
  readonly inputs: readonly ({ readonly kind: 'external'; readonly index: number } | { readonly kind: 'member'; readonly member: number; readonly output: number })[];
  readonly outputDtypes: readonly Dtype[];
}

export interface StagedBuild {
  readonly program: LoopProgram;
  readonly dumps: readonly PassDump[];
  /** Per staged-program param, the member and its own param index. */
  readonly params: readonly { readonly member: number; readonly index: number }[];
  /** Stage of each member. */
  readonly stageOf: readonly number[];
}

/** Whether member m reads a group result at neighbour offsets (a stencil reading a member's result). */
export function readsGroupAtOffsets(m: StagedMember): boolean {
  return m.info.geometry.kind === 'stencil' && m.inputs.some((s) => s.kind === 'member');
}

/**
 * The stage of a group member, from its group producers' stages: a stencil reading group results
 * starts the stage after their latest, anything else joins it. The planner (fusion-plan.ts) and
 * the builder both place members by this rule.
 */
export function stageAfter(producerStages: readonly number[], stencil: boolean): number {
  if (producerStages.length === 0) return 0;
  return Math.max(...producerStages) + (stencil ? 1 : 0);
}

/** Each member's stage (stageAfter over its producers in the group). */
export function assignStages(members: readonly StagedMember[]): number[] {
  const stageOf: number[] = [];
  members.forEach((m, i) => {
    const from = m.inputs.flatMap((s) => (s.kind === 'member' ? [stageOf[s.member]] : []));
    stageOf[i] = stageAfter(from, readsGroupAtOffsets(m));
  });
  return stageOf;
}

export function buildStaged(
  name: string,
  members: readonly StagedMember[],
  externalDtypes: readonly Dtype[],
  stored: readonly { readonly member: number; readonly output: number; readonly dtype: Dtype }[],
  dump: boolean,
): StagedBuild {
  const stageOf = assignStages(members);
  const stages = Math.max(...stageOf) + 1;
  const compute = fusedComputeType(externalDtypes, stored, members);
  const nExt = externalDtypes.length;
  const key = (member: number, output: number) => `${member}:${output}`;

  // Results read by a later stage live in fields; a field is reused once every reader has run.
  const lastReader = new Map<string, number>();
  members.forEach((m, i) => {
    for (const s of m.inputs) {
      if (s.kind !== 'member' || stageOf[s.member] === stageOf[i]) continue;
      const k = key(s.member, s.output);
      lastReader.set(k, Math.max(lastReader.get(k) ?? -1, stageOf[i]));
    }
  });
  const fieldOf = new Map<string, number>();
  const fieldFreeAfter: number[] = [];
  for (let s = 0; s < stages; s++) {
    members.forEach((m, i) => {
      if (stageOf[i] !== s) return;
      m.outputDtypes.forEach((_, o) => {
        const last = lastReader.get(key(i, o));
        if (last === undefined) return;
        let f = fieldFreeAfter.findIndex((free) => free < s);
        if (f < 0) f = fieldFreeAfter.push(0) - 1;
        fieldFreeAfter[f] = last;
        fieldOf.set(key(i, o), f);
      });
    });
  }
  const fields = fieldFreeAfter.length;
  const fieldDtype: Dtype = compute;

  const dumps: PassDump[] = [];
  const params: { member: number; index: number }[] = [];
  const built: { program: LoopProgram; results: StageResult[] }[] = [];
  for (let s = 0; s < stages; s++) {
    const local = members.map((_, i) => i).filter((i) => stageOf[i] === s);
    const localIndex = new Map(local.map((i, j) => [i, j]));
    const fuseMembers: FuseMember[] = local.map((i) => ({
      info: members[i].info,
      outputDtypes: members[i].outputDtypes,
      inputs: members[i].inputs.map((src) => {
        if (src.kind === 'external') return src;
        const same = localIndex.get(src.member);
        if (same !== undefined) return { kind: 'member', member: same, output: src.output };
        return { kind: 'external', index: nExt + fieldOf.get(key(src.member, src.output))! };
      }),
    }));
    const slots: { member: number; output: number; dtype: Dtype }[] = [];
    const results: StageResult[] = [];
    for (const i of local) {
      members[i].outputDtypes.forEach((dtype, o) => {
        const field = fieldOf.get(key(i, o));
        const out = stored.findIndex((x) => x.member === i && x.output === o);
        if (field === undefined && out < 0) return;
        const slotDtype = out >= 0 ? stored[out].dtype : fieldDtype;
        slots.push({ member: localIndex.get(i)!, output: o, dtype: slotDtype });
        results.push({ ...(field !== undefined ? { field } : {}), ...(out >= 0 ? { output: out } : {}), dtype: slotDtype });
      });
    }
    const inputDtypes = [...externalDtypes, ...new Array<Dtype>(fields).fill(fieldDtype)];
    const fused = fuseKernel(`${name}_s${s}`, fuseMembers, inputDtypes, slots, `s${s}_`);
    const generic = members[local[0]].info.generic;
    const result = runPipeline(fused.kernel, { inputDtypes, outputDtypes: slots.map((x) => x.dtype), generic, dump });
    dumps.push(...result.dumps.map((d) => ({ pass: `stage ${s}: ${d.pass}`, ir: d.ir })));
    for (const p of fused.params) params.push({ member: local[p.member], index: p.index });
    built.push({ program: { ...result.program, compute }, results });
  }

  // Halo of a stage: the reach of every later stage that reads it, accumulated back to front.
  const ndim = built[0].program.ndim;
  const halos: Reach[] = built.map(() => zeroReach(ndim));
  for (let s = stages - 1; s >= 0; s--) {
    members.forEach((m, i) => {
      if (stageOf[i] !== s) return;
      for (const src of m.inputs) {
        if (src.kind !== 'member' || stageOf[src.member] === s) continue;
        const producer = stageOf[src.member];
        // Symmetric: a load folded at one edge (reflect, mirror) lands as far on the other side.
        const reach = built[s].program.reach;
        for (let a = 0; a < ndim; a++) {
          const r = Math.max(reach.lo[a], reach.hi[a]);
          halos[producer].lo[a] = Math.max(halos[producer].lo[a], halos[s].lo[a] + r);
          halos[producer].hi[a] = Math.max(halos[producer].hi[a], halos[s].hi[a] + r);
        }
      }
    });
  }
  const total = zeroReach(ndim);
  built.forEach((b, s) => {
    for (let a = 0; a < ndim; a++) {
      total.lo[a] = Math.max(total.lo[a], halos[s].lo[a] + b.program.reach.lo[a]);
      total.hi[a] = Math.max(total.hi[a], halos[s].hi[a] + b.program.reach.hi[a]);
    }
  });

  const stageSpecs: Stage[] = built.map((b, s) => {
    const p = b.program;
    const none = new Array<'none'>(ndim).fill('none');
    const full = new Array<'full'>(ndim).fill('full');
    const bodies: { interior: readonly Stmt[]; checked: readonly Stmt[] } = p.pointBody
      ? { interior: lowerBoundary(p.pointBody, none, p.boundary, p.cval ?? 0), checked: lowerBoundary(p.pointBody, full, p.boundary, p.cval ?? 0) }
      : { interior: p.regions[0].body, checked: p.regions[0].body };
    return { halo: halos[s], reach: p.reach, ...bodies, results: b.results, boundary: p.boundary };
  });
  const tables: Record<string, StaticTable> = {};
  for (const b of built) Object.assign(tables, b.program.tables);
  const last = built[stages - 1].program;
  const program: LoopProgram = {
    name,
    ndim,
    inputs: externalDtypes.map((dtype, i) => ({ name: `in${i}`, dtype })),
    outputs: stored.map((s, i) => ({ name: `out${i}`, dtype: s.dtype })),
    params: built.flatMap((b) => b.program.params),
    tables,
    compute,
    boundary: last.boundary,
    reach: total,
    split: built.every((b) => b.program.split),
    prologue: built.flatMap((b) => b.program.prologue),
    regions: [],
    staged: { fields, stages: stageSpecs },
    origin: built[0].program.origin,
  };
  return { program, dumps, params, stageOf };
}
