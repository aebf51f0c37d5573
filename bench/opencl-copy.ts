/**
 * The opencl backend's bandwidth limit for the bench: a device-to-device copy of the same bytes
 * (clEnqueueCopyBuffer, then a wait), between buffers uploaded once per host array, on the device
 * the opencl backend uses.
 */
import type { TypedArray } from '../src/index.js';
import { backend as opencl } from '../src/backends/opencl/index.js';
import type { DeviceBuffer } from '../src/runtime/residency.js';
import type { CopyReference } from './bandwidth.js';

const buffers = new WeakMap<TypedArray, DeviceBuffer>();

function bufferFor(array: TypedArray): DeviceBuffer {
  let b = buffers.get(array);
  if (!b) {
    b = opencl.heap.acquire(array.byteLength, 'the copy reference');
    opencl.heap.upload(b, array);
    buffers.set(array, b);
  }
  return b;
}

export const openclCopy: CopyReference = {
  description: 'clEnqueueCopyBuffer between device buffers, then clFinish',
  copy(from, to) {
    for (let i = 0; i < from.length; i++) opencl.session.copy(bufferFor(from[i]).handle as bigint, bufferFor(to[i]).handle as bigint, from[i].byteLength);
    opencl.synchronize();
  },
};
