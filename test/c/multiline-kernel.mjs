// A kernel in plain JavaScript, so fn.toString() matches this file and #line names real lines.
import { stencil } from '../../src/index.js';

export const smooth = stencil(
  (a) => {
    const centre = a(0, 0);
    return 0.5 * centre + 0.125 * (a(0, 1) + a(0, -1) + a(1, 0) + a(-1, 0));
  },
  { name: 'smooth', backend: 'c' },
);
