/**
 * Launch details WebGPU adds to the shared geometry: a dispatch spread over two dimensions when one
 * would exceed the adapter's per-dimension limit (65,535 groups by default), and compiler messages
 * mapped back to the generated line and the kernel's own line.
 */
import { KernelArgumentError } from '../../errors.js';
import type { LoopProgram } from '../../ir/kernel.js';
import type { CompileMessage } from './dawn-session.js';
import { uniformBytes, type RenderedWgsl } from './render-wgsl.js';

/** (x, y) workgroup counts covering `blocks`; the kernel flattens them and drops the excess. */
export function dispatchGroups(blocks: number, maxPerDimension: number, what: string): [number, number] {
  if (blocks <= maxPerDimension) return [Math.max(1, blocks), 1];
  const y = Math.ceil(blocks / maxPerDimension);
  if (y > maxPerDimension) throw new KernelArgumentError(`${what}: ${blocks} workgroups exceed ${maxPerDimension}² per dispatch`);
  return [Math.ceil(blocks / y), y];
}

/** Every compiler message with the generated line it points at and the kernel line that produced it. */
export function formatCompileError(program: LoopProgram, rendered: RenderedWgsl, messages: readonly CompileMessage[], error: string | undefined): string {
  const lines = rendered.source.split('\n');
  const out = messages.map((m) => {
    const kernelLine = rendered.kernelLines[m.line - 1];
    const where = kernelLine !== undefined ? ` (from ${program.origin.file}:${kernelLine})` : '';
    return `sejits-${program.name}.wgsl:${m.line}:${m.column}: ${m.message}${where}\n  ${m.line} | ${lines[m.line - 1] ?? ''}`;
  });
  if (error) out.push(error);
  return out.join('\n');
}

/** The uniform block of a launch: the shared scalar arguments, the parameters, then ∞ and NaN. */
export function uniformBlock(program: LoopProgram, ints: readonly number[], params: readonly number[]): ArrayBuffer {
  const buffer = new ArrayBuffer(uniformBytes(program));
  const i32 = new Int32Array(buffer);
  const f32 = new Float32Array(buffer);
  ints.forEach((v, i) => (i32[i] = v));
  params.forEach((v, k) => (f32[ints.length + k] = v));
  f32[ints.length + params.length] = Infinity;
  f32[ints.length + params.length + 1] = NaN;
  return buffer;
}

export function sameParams(p: { readonly uniform: ArrayBuffer; readonly geometry: { readonly ints: readonly number[] } }, program: LoopProgram, params: readonly number[]): boolean {
  const f32 = new Float32Array(p.uniform);
  const base = p.geometry.ints.length;
  return params.every((v, k) => Object.is(f32[base + k], Math.fround(v)));
}

