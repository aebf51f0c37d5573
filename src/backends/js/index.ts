/** The always-available backend: specialized JavaScript compiled with `new Function`. */
import type { LoopProgram } from '../../ir/kernel.js';
import type { Compiled, HostBackend, Launch, ProbeResult } from '../types.js';
import { renderJs } from './render.js';

type RunFn = (ins: unknown[], outs: unknown[], shape: readonly number[], params: readonly number[], boxes: Launch['boxes']) => void;

export interface CompiledJs extends Compiled {
  readonly run: RunFn;
}

let probed: ProbeResult | undefined;

export const backend: HostBackend<CompiledJs> = {
  name: 'js',
  kind: 'host',
  probe() {
    if (!probed) {
      try {
        probed = new Function('return 1')() === 1 ? { available: true, detail: 'new Function' } : { available: false, reason: 'new Function misbehaves' };
      } catch (e) {
        probed = { available: false, reason: `new Function is forbidden here (${(e as Error).message}); use mode: 'pure'` };
      }
    }
    return probed;
  },
  render: (program: LoopProgram) => renderJs(program),
  compile(program, source) {
    const run = new Function(source)() as RunFn;
    return { backend: 'js', source, run };
  },
  run(compiled, launch) {
    compiled.run(launch.inputs as unknown[], launch.outputs as unknown[], launch.shape, launch.params, launch.boxes);
  },
};
