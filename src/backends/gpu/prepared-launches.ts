/**
 * What a GPU backend works out on the first launch of a compiled program over a planned set of
 * boxes (the strategy, its kernel and the launch geometry), kept for every later launch of the
 * same pair: the specializer reuses one box list per shape, so a steady loop does one WeakMap and
 * one Map lookup per call. Tuning forgets everything, since strategies may change.
 */
import type { LaunchBox } from '../types.js';

export class PreparedLaunches<C extends object, P> {
  private byBoxes = new WeakMap<readonly LaunchBox[], Map<C, P>>();

  get(compiled: C, boxes: readonly LaunchBox[], make: () => P): P {
    let byCompiled = this.byBoxes.get(boxes);
    if (!byCompiled) this.byBoxes.set(boxes, (byCompiled = new Map()));
    let p = byCompiled.get(compiled);
    if (p === undefined) byCompiled.set(compiled, (p = make()));
    return p;
  }

  forget(): void {
    this.byBoxes = new WeakMap();
  }
}
