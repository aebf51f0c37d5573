/**
 * Runs one launch on a device backend with DESIGN.md's residency rules, the same for every device
 * backend: inputs are uploaded only when the device lacks their current contents, outputs are
 * uploaded only when the kernel reads them (or keeps their border) and stay on the device
 * afterwards. `copyMode: 'always'` is paper 000's naive baseline: every call uploads every operand
 * and downloads every output, holding nothing on the device between calls.
 */
import type { Compiled, DeviceBackend, Launch } from '../backends/types.js';
import type { Grid } from '../grid.js';
import type { DeviceBuffer } from './residency.js';
import type { LoopProgram } from '../ir/kernel.js';
import { overwritesEveryPoint } from '../ir/output-coverage.js';

export type CopyMode = 'lazy' | 'always';

export const COPY_MODES: readonly CopyMode[] = ['lazy', 'always'];

/** `run` replaces the plain launch (the tuner launches many times on the same operands). */
export function runOnDevice<C extends Compiled>(
  backend: DeviceBackend<C>,
  compiled: C,
  program: LoopProgram,
  plan: Launch<Grid>,
  copyMode: CopyMode,
  run: (launch: Launch<DeviceBuffer>) => void = (launch) => backend.run(compiled, launch),
): void {
  const heap = backend.heap;
  const always = copyMode === 'always';
  if (always) for (const g of [...plan.inputs, ...plan.outputs]) g.storage.dropDeviceCopy();
  const overwrite = overwritesEveryPoint(program);
  const inputs = plan.inputs.map((g, i) => g.storage.deviceForRead(heap, () => `input ${i} (${describe(g)})`));
  const outputs = plan.outputs.map((g, i) => {
    const what = () => `output ${i} (${describe(g)})`;
    return overwrite ? g.storage.deviceForOverwrite(heap, what) : g.storage.deviceForRead(heap, what);
  });
  run({ ...plan, inputs, outputs });
  for (const g of plan.outputs) g.storage.deviceWritten();
  if (always) for (const g of [...plan.inputs, ...plan.outputs]) g.storage.toHost();
}

function describe(g: Grid): string {
  return `${g.dtype} [${g.shape.join(', ')}]`;
}
