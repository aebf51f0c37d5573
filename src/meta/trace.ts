/**
 * Symbolic execution of a meta function, as paper 000 does it: the function runs once with
 * placeholder grids; every specialized call it makes is recorded (Specializer.dispatch) into the
 * dataflow, and returns placeholders. Control flow that depends on grid data cannot be traced:
 * a placeholder read as data raises TraceDataError.
 */
import { isGrid, type Grid } from '../grid.js';
import { isFusable, type FusionInfo, type NotFusable } from '../framework/fusable.js';
import { placeholderGrid, shapeResult, withTracer, type CallSignature, type Replay } from '../framework/trace.js';
import type { Trace, TracedBuffer, TracedOp, TracedValue } from './dataflow.js';

const specializerIds = new WeakMap<object, number>();
let nextSpecializerId = 0;

export function traceFunction(fn: (...args: any[]) => unknown, args: readonly unknown[]): { trace: Trace; placeholders: unknown[] } {
  const buffers: TracedBuffer[] = [];
  const values: TracedValue[] = [];
  const ops: TracedOp[] = [];
  const bufferOfGrid = new Map<Grid, number>();
  /** The current version of each buffer. */
  const current: number[] = [];

  const newBuffer = (b: Omit<TracedBuffer, 'id'>, grid: Grid): number => {
    const id = buffers.length;
    buffers.push({ ...b, id });
    bufferOfGrid.set(grid, id);
    const v = values.length;
    values.push({ id: v, buffer: id });
    current[id] = v;
    return id;
  };
  const valueOf = (g: Grid): number => {
    let b = bufferOfGrid.get(g);
    if (b === undefined) b = newBuffer({ kind: 'const', shape: g.shape, dtype: g.dtype, label: `a captured ${g.dtype} grid [${g.shape.join(', ')}]`, grid: g }, g);
    return current[b];
  };

  const placeholders: unknown[] = [];
  args.forEach((a, i) => {
    // The same grid passed twice is one buffer: writes through one name are seen through the other.
    const first = args.indexOf(a);
    if (!isGrid(a) || first < i) {
      placeholders.push(isGrid(a) ? placeholders[first] : a);
      return;
    }
    const p = placeholderGrid(a.shape, a.dtype, `argument ${i}`);
    newBuffer({ kind: 'arg', shape: a.shape, dtype: a.dtype, label: `argument ${i}`, argIndex: i }, p);
    placeholders.push(p);
  });

  const tracer = {
    record(specializer: object, callArgs: readonly unknown[], signature: CallSignature, replay: Replay): unknown {
      const index = ops.length;
      const name = (specializer as { name?: string }).name ?? 'kernel';
      const inputs = signature.inputs.map(valueOf);
      const results: Grid[] = [];
      const outputs = signature.outputs.map((o, k) => {
        const target = signature.written[k];
        const v = values.length;
        if (target) {
          valueOf(target);
          const b = bufferOfGrid.get(target)!;
          values.push({ id: v, buffer: b, producer: { op: index, output: k } });
          current[b] = v;
          results.push(target);
        } else {
          const p = placeholderGrid(o.shape, o.dtype, `${name}'s result (call ${index})`);
          const b = newBuffer({ kind: 'fresh', shape: o.shape, dtype: o.dtype, label: `${name}#${index}${signature.outputs.length > 1 ? `.${signature.names[k]}` : ''}` }, p);
          values[current[b]] = { id: current[b], buffer: b, producer: { op: index, output: k } };
          results.push(p);
        }
        return current[bufferOfGrid.get(results[k])!];
      });
      const fusion: FusionInfo | NotFusable = isFusable(specializer) ? specializer.fusionInfo(signature) : { unfusable: `${name} does not implement Fusable (no loop geometry or LoopDeps), so it runs as its own call` };
      let sid = specializerIds.get(specializer);
      if (sid === undefined) specializerIds.set(specializer, (sid = nextSpecializerId++));
      const key = [
        sid,
        signature.inputs.map((g) => `${g.dtype}[${g.shape.join('x')}]`).join(','),
        signature.outputs.map((o, k) => `${o.dtype}${signature.written[k] ? '!' : ''}`).join(','),
        signature.params.length,
      ].join('|');
      ops.push({ index, name, specializer, args: callArgs, replay, signature, inputs, outputs, fusion, key });
      return shapeResult(results, signature.style, signature.names);
    },
  };

  const result = withTracer(tracer, () => fn(...placeholders));
  const liveOut = new Set<number>();
  const visit = (r: unknown, depth: number): void => {
    if (isGrid(r)) {
      liveOut.add(valueOf(r));
    } else if (depth < 3 && Array.isArray(r)) {
      r.forEach((x) => visit(x, depth + 1));
    } else if (depth < 3 && r && typeof r === 'object' && Object.getPrototypeOf(r) === Object.prototype) {
      Object.values(r).forEach((x) => visit(x, depth + 1));
    }
  };
  visit(result, 0);
  // Writes into argument (and captured) buffers are visible to the caller.
  for (const b of buffers) if (b.kind !== 'fresh' && values[current[b.id]].producer) liveOut.add(current[b.id]);
  const uses: number[][] = values.map(() => []);
  for (const op of ops) for (const v of new Set(op.inputs)) uses[v].push(op.index);
  return { trace: { ops, values, buffers, result, liveOut, bufferOfGrid, uses }, placeholders };
}
