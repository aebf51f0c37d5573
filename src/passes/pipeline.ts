/**
 * The pass driver: lowered kernel -> tap analysis -> partial evaluation -> invariant hoisting ->
 * region splitting.
 * It records the IR after each pass for `sejits show --ir` and prints it when SEJITS_DUMP=ir.
 */
import type { Dtype } from '../dtype.js';
import type { KernelIR, LoopProgram } from '../ir/kernel.js';
import { printStmts } from '../ir/printer.js';
import { analyzeTaps } from './analyze-taps.js';
import { hoistInvariants } from './hoist-invariants.js';
import { partialEvaluate } from './partial-eval.js';
import { splitRegions } from './split-regions.js';

export type Mode = 'pure' | 'generic' | 'specialized';

export interface PassDump {
  readonly pass: string;
  readonly ir: string;
}

export interface PipelineResult {
  readonly program: LoopProgram;
  readonly dumps: readonly PassDump[];
}

export interface PipelineOptions {
  readonly inputDtypes: readonly Dtype[];
  readonly outputDtypes: readonly Dtype[];
  /** generic: partial evaluation and region splitting off. */
  readonly generic: boolean;
  /** Print each pass's IR to stderr (also enabled by SEJITS_DUMP=ir). */
  readonly dump?: boolean;
}

export function runPipeline(kernel: KernelIR, options: PipelineOptions): PipelineResult {
  const dumps: PassDump[] = [];
  const record = (pass: string, ir: string) => {
    dumps.push({ pass, ir });
    if (options.dump) console.error(`--- ${kernel.name}: after ${pass} ---\n${ir}`);
  };
  record('lower', printStmts(kernel.body));
  const taps = analyzeTaps(kernel);
  record('analyze-taps', `offsets: ${taps.offsets.map((o) => `(${o.join(',')})`).join(' ')}\nreach lo [${taps.reach.lo}] hi [${taps.reach.hi}]`);
  const evaluated = options.generic ? kernel : partialEvaluate(kernel);
  if (!options.generic) record('partial-eval', printStmts(evaluated.body));
  const { kernel: body, prologue } = options.generic ? { kernel: evaluated, prologue: [] } : hoistInvariants(evaluated);
  if (!options.generic) record('hoist-invariants', prologue.length ? `prologue:\n${printStmts(prologue, '  ')}` : '(nothing hoisted)');
  const program = splitRegions({ kernel: body, prologue, reach: taps.reach, inputDtypes: options.inputDtypes, outputDtypes: options.outputDtypes, split: !options.generic });
  record('split-regions', program.regions.map((r) => `region [${r.variant.join(', ')}]:\n${printStmts(r.body, '  ')}`).join('\n'));
  return { program, dumps };
}
