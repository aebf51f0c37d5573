/**
 * The bandwidth limit of each backend: a copy of the same bytes the stencil moves, done the way that
 * backend's memory is fastest to copy. Host backends that run on one thread (js) use the engine's
 * memmove; later backends register their own copy (an OpenMP-parallel copy for c, a device copy for
 * GPUs) so that "fraction of the copy" means the same thing everywhere.
 */
import type { TypedArray } from '../src/index.js';
import { parallelCopy } from './hand-written-c.js';
import { openclCopy } from './opencl-copy.js';

export interface CopyReference {
  /** What the copy is, for the report. */
  readonly description: string;
  copy(from: readonly TypedArray[], to: readonly TypedArray[]): void;
}

const hostCopy: CopyReference = {
  description: 'TypedArray.prototype.set (memmove, one thread)',
  copy(from, to) {
    for (let i = 0; i < from.length; i++) to[i].set(from[i]);
  },
};

const copies = new Map<string, CopyReference>([
  ['js', hostCopy],
  ['c', parallelCopy],
  ['opencl', openclCopy],
]);

export function registerCopyReference(backend: string, reference: CopyReference): void {
  copies.set(backend, reference);
}

export function copyReference(backend: string): CopyReference {
  return copies.get(backend) ?? hostCopy;
}
