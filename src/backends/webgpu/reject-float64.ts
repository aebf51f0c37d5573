/**
 * The rewrite WGSL needs first: float64 has no WGSL type, so a kernel on a float64 grid is refused
 * with an error that names the reason and the alternatives, before any code is rendered. (int32 is
 * mapped to i32 storage and f32 arithmetic, uint8 to packed u32 words, Math.* to WGSL builtins
 * or prelude functions: wgsl-body.ts, render-wgsl.ts, wgsl-prelude.ts.)
 */
import { BackendUnavailableError } from '../../errors.js';
import type { LoopProgram } from '../../ir/kernel.js';

export function rejectFloat64(program: LoopProgram, backend: string): void {
  const grids = [...program.inputs.map((g, i) => ({ g, what: `input ${i}` })), ...program.outputs.map((g, k) => ({ g, what: `output ${k}` }))];
  const wide = grids.filter(({ g }) => g.dtype === 'float64');
  if (wide.length === 0) return;
  throw new BackendUnavailableError(backend, `WGSL has no float64 type, and ${program.name} has float64 grids (${wide.map(({ g, what }) => `${what} '${g.name}'`).join(', ')}): use float32 grids on webgpu, or the cuda, opencl, c or js backend for float64`);
}
