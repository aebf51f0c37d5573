/** `sejits show --meta`: the plan of a module's meta() functions, and with --ir their fused kernels. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sejits, sejitsFails } from './cli/run-cli.js';

describe('sejits show --meta', () => {
  it("prints Figure 4's plan: one repeating block, one fused kernel, the copies removed; --ir adds its IR and code", () => {
    const out = sejits('show', '--meta', 'examples/meta-solver.ts', '-k', 'solve', '--ir', '-b', 'c');
    assert.match(out, /block A: calls 0\.\.2 × 1000 \(a repeating block/);
    assert.match(out, /jacobi#0 \+ sub#1 \+ mul#2 fused into one launch/);
    assert.match(out, /copies removed: 2000 intermediate/);
    assert.match(out, /IR after partial-eval/);
    assert.match(out, /void sejits_kernel|#pragma omp/);
  });

  it('says why a non-Fusable specializer stays unfused, with sample grids from --shape', () => {
    const out = sejits('show', '--meta', 'examples/third-party-specializer.ts', '--shape', '8,8');
    assert.match(out, /histogramEqualize#1 runs unfused: histogramEqualize does not implement Fusable/);
  });

  it('a module without meta functions is an error', () => {
    assert.match(sejitsFails('show', '--meta', 'examples/kernels.ts').stderr, /exports no meta\(\) functions/);
  });
});
