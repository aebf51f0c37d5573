/**
 * Which grids a WGSL kernel reads or writes as vectors under a `vector` strategy, and how a scalar
 * element of a vector-typed binding is spelled. WGSL cannot reinterpret an array<f32>, so vectors
 * need bindings of vector type:
 *
 * - Inputs get a second, read-only binding (`in{i}v`): read-only bindings may alias each other.
 * - Outputs cannot: WebGPU forbids binding one buffer twice when one binding is writable. An
 *   output written with vector stores is bound once, as `array<vec{W}>`, and every other access to
 *   it (edge regions, fallback paths) reads or writes one component: `out{k}[i >> s][i & m]`.
 *
 * Vector bindings need the buffer's element count to be a multiple of W: strategy.ts admits a
 * vector strategy only when the last extent is a multiple of the points per thread, which W divides
 * (and both runtimes allocate whole 16-byte units).
 */
import { interiorRegion, type LoopProgram } from '../../ir/kernel.js';
import { vectorWidth } from '../gpu/gpu-dialect.js';
import { storesOncePerPoint } from '../gpu/point-block.js';
import { interiorInputShifts, rowBody, type KernelStrategy } from '../gpu/strategy.js';

/** WebGPU's default storage bindings per stage: vector aliases stop where they would exceed it. */
const MAX_STORAGE_BINDINGS = 8;

/** The vector width of a strategy's rows (2 or 4), or 1 where it reads and writes no vectors. */
export function wgslVectorWidth(program: LoopProgram, strategy: KernelStrategy): number {
  if (!strategy.vector || strategy.tiles || !interiorRegion(program)) return 1;
  // Every WGSL vector dtype (f32, i32) is 4 bytes wide.
  return vectorWidth('float32', strategy.points[program.ndim - 1]);
}

/** The inputs a strategy reads with vector loads: 4-byte inputs the interior reads, while bindings last. */
export function wgslVectorInputs(program: LoopProgram, strategy: KernelStrategy): number[] {
  if (wgslVectorWidth(program, strategy) < 2) return [];
  const taps = interiorInputShifts(program);
  const out: number[] = [];
  // Output bindings change type, never count: only the input aliases add bindings.
  let bindings = program.inputs.length + program.outputs.length;
  program.inputs.forEach((g, i) => {
    if ((g.dtype === 'float32' || g.dtype === 'int32') && taps[i].length > 0 && bindings < MAX_STORAGE_BINDINGS) {
      out.push(i);
      bindings++;
    }
  });
  return out;
}

/**
 * The outputs a strategy writes with vector stores (all of them, or none): every output 4 bytes
 * wide (no packed uint8 words), and stored exactly once with `=` at the top level of the point
 * block's body and never read there, so a row's values can be collected and written at once.
 */
export function wgslVectorOutputs(program: LoopProgram, strategy: KernelStrategy): number[] {
  if (wgslVectorWidth(program, strategy) < 2) return [];
  if (!program.outputs.every((g) => g.dtype === 'float32' || g.dtype === 'int32')) return [];
  // The body the point block renders (render-wgsl.ts): the folded row's, or the interior's.
  const body = (strategy.foldLast ? rowBody(program) : undefined) ?? interiorRegion(program)!.body;
  return storesOncePerPoint(program, body) ? program.outputs.map((_, k) => k) : [];
}

/** Element `index` (an i32 expression) of a grid bound as an array of `width`-wide vectors (1: scalars). */
export function vectorElement(name: string, index: string, width: number): string {
  if (width === 1) return `${name}[${index}]`;
  const i = /^\w+$/.test(index) ? index : `(${index})`;
  return `${name}[${i} >> ${Math.log2(width)}u][${i} & ${width - 1}]`;
}
