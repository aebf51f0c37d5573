/** meta(fn).explain(): the blocks, what fused and why, what did not and why, the copies removed. */
import type { ExecutionPlan } from './execute.js';
import type { DepthChoice } from './depth-tuner.js';

export function explainPlan(name: string, plan: ExecutionPlan, fuse: boolean, depth?: DepthChoice): string {
  const { trace, segments, plans } = plan;
  const lines: string[] = [];
  const distinct = new Set(plans).size;
  lines.push(`meta ${name}: ${trace.ops.length} traced call(s) in ${segments.length} block(s), ${distinct} distinct plan(s); fusion ${fuse ? 'on' : 'off'}`);
  if (fuse && depth) lines.push(depthLine(depth));
  const valueName = (v: number): string => {
    const value = trace.values[v];
    const p = value.producer;
    return p ? `${trace.ops[p.op].name}#${p.op}${trace.ops[p.op].outputs.length > 1 ? `.${p.output}` : ''}` : trace.buffers[value.buffer].label;
  };
  let launchesPerRun = 0;
  let inRegisters = 0;
  let calls = 0;
  segments.forEach((seg, s) => {
    const bp = plans[s];
    const letter = String.fromCharCode(65 + (s % 26)) + (s >= 26 ? String(Math.floor(s / 26)) : '');
    const repeat = seg.count > 1 ? ` × ${seg.count} (a repeating block: planned and compiled once, launched per copy)` : '';
    lines.push('', `block ${letter}: calls ${seg.start}..${seg.start + seg.length - 1}${repeat}`);
    const first = trace.ops.slice(seg.start, seg.start + seg.length);
    lines.push(`  calls: ${first.map((op) => `${op.name}#${op.index - seg.start}(${op.inputs.map(valueName).join(', ')})`).join('; ')}`);
    for (const step of bp.steps) {
      if (step.kind === 'fused') {
        const names = step.members.map((p) => `${trace.ops[seg.start + p].name}#${p}`).join(' + ');
        const ins = step.inputs.map((r) => valueName(trace.ops[seg.start + r.pos].inputs[r.index])).join(', ');
        const outs = step.outputs.map((r) => valueName(trace.ops[seg.start + r.pos].outputs[r.index])).join(', ');
        const staged = step.program.staged;
        const where = staged
          ? `${step.inRegisters} intermediate(s) never reach memory: ${staged.stages.length} stages run tile by tile, earlier stages over ghost zones of [${staged.stages[0].halo.lo.join(', ')}] below and [${staged.stages[0].halo.hi.join(', ')}] above in ${staged.fields} on-chip field(s)`
          : `${step.inRegisters} intermediate(s) stay in registers`;
        lines.push(`  kernel ${step.program.name}: ${names} fused into one launch; reads ${ins}; writes ${outs}; ${where} (${step.program.compute} compute, boundary ${step.program.boundary})`);
        const renamed = step.outputs.filter((_, k) => step.renamed[k]);
        if (renamed.length) {
          const which = renamed.map((r) => valueName(trace.ops[seg.start + r.pos].outputs[r.index])).join(', ');
          lines.push(`    ${which}: written into a scratch grid and copied over its grid after the launch, which still reads that grid (one copy launch each)`);
        }
        launchesPerRun += seg.count;
        inRegisters += step.inRegisters * seg.count;
      } else if (step.kind === 'call') {
        const op = trace.ops[seg.start + step.pos];
        lines.push(`  call ${op.name}#${step.pos}: runs as its own call`);
        calls += seg.count;
      } else {
        lines.push(`  skipped: ${step.members.map((p) => `${trace.ops[seg.start + p].name}#${p}`).join(' + ')} (results never used)`);
      }
    }
    for (const d of bp.groups.decisions) lines.push(`  ${d.fused ? 'fused' : 'not fused'}: ${d.text}`);
  });
  const fresh = trace.buffers.filter((b) => b.kind === 'fresh').length;
  const liveOut = [...trace.liveOut].map(valueName);
  lines.push(
    '',
    `per run: ${launchesPerRun} fused launch(es) and ${calls} single call(s) instead of ${trace.ops.length} calls`,
    `copies removed: ${inRegisters} intermediate result(s) never stored (kept in registers); of ${fresh} results, only live-outs return to the caller (${liveOut.join(', ') || 'none'}); other buffers are reused once dead and stay on the device on device backends`,
  );
  return lines.join('\n');
}

function depthLine(d: DepthChoice): string {
  const measured = d.measurements?.length ? `; measured per run: ${d.measurements.map((m) => `depth ${m.depth} ${m.ms.toFixed(3)} ms`).join(', ')}` : '';
  const tooDeep = d.tooDeep?.length ? `; depth ${d.tooDeep.join(', ')} left out (fields exceed on-chip memory)` : '';
  const how = {
    option: 'set by meta(fn, { depth })',
    measured: 'the fastest tune() measured',
    heuristic: 'a heuristic, not measured: tune(args) measures the alternatives',
    none: 'no stencil reads a computed value, so nothing fuses by blocks',
  }[d.how];
  return `fusion depth ${d.depth} (${how})${measured}${tooDeep}`;
}
