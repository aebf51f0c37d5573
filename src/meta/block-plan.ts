/**
 * One block's executable plan: its groups in execution order (each at the position of its last
 * call), fused groups compiled to one LoopProgram through the ordinary pipeline, single calls
 * replayed, dead groups skipped. Built once per canonical block code; every copy of the block runs
 * the same plan with its own operands.
 */
import type { Dtype } from '../dtype.js';
import type { FusionInfo } from '../framework/fusable.js';
import type { LoopProgram } from '../ir/kernel.js';
import { overwritesEveryPoint } from '../ir/output-coverage.js';
import { runPipeline, type PassDump } from '../passes/pipeline.js';
import type { Trace } from './dataflow.js';
import { fuseKernel, type FuseMember, type InputSource } from './fuse-kernel.js';
import { planGroups, type FusionLimits, type GroupPlan } from './fusion-plan.js';
import { buildStaged, readsGroupAtOffsets } from './staged-kernel.js';

export interface OperandRef {
  readonly pos: number;
  readonly index: number;
}

export interface FusedStep {
  readonly kind: 'fused';
  readonly at: number;
  readonly members: readonly number[];
  /** Program input i is input `index` of the call at `pos`. */
  readonly inputs: readonly OperandRef[];
  /** Program output i is output `index` of the call at `pos`. */
  readonly outputs: readonly OperandRef[];
  readonly params: readonly OperandRef[];
  readonly program: LoopProgram;
  readonly dumps: readonly PassDump[];
  /** Whether the program overwrites every point, so dead buffers may be reused as its outputs. */
  readonly overwrites: boolean;
  /** Results that never leave registers, per copy. */
  readonly inRegisters: number;
  /**
   * Per output, whether the launch writes it into a scratch grid that is then copied over the
   * output: the group also reads that grid, and tiles (or neighbour reads) would otherwise see
   * points already overwritten.
   */
  readonly renamed: readonly boolean[];
}

export interface CallStep {
  readonly kind: 'call';
  readonly at: number;
  readonly pos: number;
}

export interface SkipStep {
  readonly kind: 'skip';
  readonly at: number;
  readonly members: readonly number[];
}

export type Step = FusedStep | CallStep | SkipStep;

export interface BlockPlan {
  readonly steps: readonly Step[];
  readonly groups: GroupPlan;
  /** Per block position, where it executes (the position of its group's last call). */
  readonly execAt: readonly number[];
}

export function planBlock(trace: Trace, start: number, length: number, fuse: boolean, name: string, dump: boolean, limits?: FusionLimits): BlockPlan {
  const groups = planGroups(trace, start, length, fuse, limits);
  const ops = trace.ops;
  const steps: Step[] = [];
  const execAt: number[] = [];
  groups.groups.forEach((group, g) => {
    const at = Math.max(...group.members);
    for (const m of group.members) execAt[m] = at;
    const stored = groups.stored[g];
    const live = group.unfusable ? group.members : liveMembers(trace, start, group.members, stored);
    const dead = group.members.filter((p) => !live.includes(p));
    if (dead.length) steps.push({ kind: 'skip', at, members: dead });
    if (live.length === 1) {
      steps.push({ kind: 'call', at, pos: live[0] });
    } else if (live.length > 1) {
      steps.push(fusedStep(trace, start, live, stored, at, `${name}_${live.map((p) => ops[start + p].name).join('_')}`, dump));
    }
  });
  steps.sort((a, b) => a.at - b.at);
  return { steps, groups, execAt };
}

/** Members whose results are stored or read by a live member; the rest is dead code, never run. */
function liveMembers(trace: Trace, start: number, members: readonly number[], stored: readonly { pos: number }[]): number[] {
  const live = new Set(stored.map((s) => s.pos));
  for (let i = members.length - 1; i >= 0; i--) {
    const p = members[i];
    if (!live.has(p)) continue;
    for (const v of trace.ops[start + p].inputs) {
      const producer = trace.values[v].producer;
      if (producer && members.includes(producer.op - start)) live.add(producer.op - start);
    }
  }
  return members.filter((p) => live.has(p));
}

function fusedStep(trace: Trace, start: number, members: readonly number[], stored: readonly { pos: number; output: number }[], at: number, name: string, dump: boolean): FusedStep {
  const ops = trace.ops;
  const memberIndex = new Map(members.map((p, i) => [p, i]));
  const externals = new Map<number, number>();
  const inputs: OperandRef[] = [];
  const externalDtypes: Dtype[] = [];
  const fuseMembers: FuseMember[] = members.map((pos) => {
    const op = ops[start + pos];
    const sources = op.inputs.map((v, index): InputSource => {
      const p = trace.values[v].producer;
      const m = p === undefined ? undefined : memberIndex.get(p.op - start);
      if (p !== undefined && m !== undefined && p.op >= start) return { kind: 'member', member: m, output: p.output };
      let e = externals.get(v);
      if (e === undefined) {
        externals.set(v, (e = inputs.length));
        inputs.push({ pos, index });
        externalDtypes.push(op.signature.inputs[index].dtype);
      }
      return { kind: 'external', index: e };
    });
    return { info: op.fusion as FusionInfo, inputs: sources, outputDtypes: op.signature.outputs.map((o) => o.dtype) };
  });
  const storedDtypes = stored.map((s) => ({ member: memberIndex.get(s.pos)!, output: s.output, dtype: ops[start + s.pos].signature.outputs[s.output].dtype }));
  const produced = members.reduce((n, p) => n + ops[start + p].outputs.length, 0);
  // A stencil reading a group result at neighbour offsets makes a staged kernel (block fusion);
  // otherwise everything fuses in registers into one loop program.
  const built = fuseMembers.some(readsGroupAtOffsets) ? buildStaged(name, fuseMembers, externalDtypes, storedDtypes, dump) : registerFused(name, fuseMembers, externalDtypes, storedDtypes, dump);
  // Grids the launch reads from memory: through a staged program's tiles at any point, otherwise
  // only at neighbour offsets does an in-place write race with the reads.
  const staged = built.program.staged !== undefined;
  const racing = new Set(
    members.flatMap((pos, i) =>
      fuseMembers[i].inputs
        .map((src, index) => ({ src, index }))
        .filter(({ src, index }) => src.kind === 'external' && (staged || fuseMembers[i].info.deps.reads[index].some((off) => off.some((o) => o !== 0))))
        .map(({ index }) => trace.values[ops[start + pos].inputs[index]].buffer),
    ),
  );
  return {
    kind: 'fused',
    at,
    members,
    inputs,
    outputs: stored.map((s) => ({ pos: s.pos, index: s.output })),
    renamed: stored.map((s) => racing.has(trace.values[ops[start + s.pos].outputs[s.output]].buffer)),
    params: built.params.map((p) => ({ pos: members[p.member], index: p.index })),
    program: built.program,
    dumps: built.dumps,
    overwrites: overwritesEveryPoint(built.program),
    inRegisters: produced - stored.length,
  };
}

/** Members fused in registers into one ordinary loop program (meta I). */
function registerFused(name: string, members: readonly FuseMember[], externalDtypes: readonly Dtype[], stored: Parameters<typeof fuseKernel>[3], dump: boolean) {
  const fused = fuseKernel(name, members, externalDtypes, stored);
  const generic = members[0].info.generic;
  const result = runPipeline(fused.kernel, { inputDtypes: externalDtypes, outputDtypes: stored.map((s) => s.dtype), generic, dump });
  const program: LoopProgram = { ...result.program, compute: fused.compute };
  return { program, dumps: result.dumps, params: fused.params };
}
