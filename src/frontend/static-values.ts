/** Validation of values users pass as static parameters. */
import type { StaticValue } from '../ir/nodes.js';

/** Converts numbers, booleans and (nested) arrays or typed arrays of them; returns a reason otherwise. */
export function toStaticValue(value: unknown, depth = 0): StaticValue | string {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) {
    if (depth > 8) return 'static tables may nest at most 8 levels';
    const out: StaticValue[] = [];
    for (const v of value) {
      const s = toStaticValue(v, depth + 1);
      if (typeof s === 'string') return s;
      out.push(s);
    }
    return out;
  }
  return `a static value must be a number, a boolean or a (nested) array of numbers, not ${value === null ? 'null' : typeof value}`;
}
