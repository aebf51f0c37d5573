/** What one interior point costs: its grid reads and Math calls, which the c backend's thresholds weigh. */
import type { LoopProgram } from '../../ir/kernel.js';
import { forEachExpr } from '../../ir/visitor.js';

export interface PointCost {
  readonly loads: number;
  readonly calls: number;
}

export function interiorPointCost(program: LoopProgram): PointCost {
  let loads = 0;
  let calls = 0;
  forEachExpr(program.regions[0]?.body ?? [], (e) => {
    if (e.kind === 'load') loads++;
    else if (e.kind === 'call') calls++;
  });
  return { loads, calls };
}
