"use strict";
// sejits js: Jacobi (specialized, interior)
// region 0: checks [none, none]
function region0(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  const o0 = -s1;
  const o1 = s1;
  const o2 = -s0;
  const o3 = s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] += (0.1 * in0[p + o0]);
        out0[p] += (0.1 * in0[p + o1]);
        out0[p] += (0.3 * in0[p + o2]);
        out0[p] += (0.3 * in0[p + o3]);
    }
  }
}
return function run(ins, outs, shape, params, boxes) {
  const in0 = ins[0], out0 = outs[0];
  const n0 = shape[0], n1 = shape[1];
  for (const b of boxes) {
    const lo = b.lo, hi = b.hi;
    switch (b.region) {
      case 0: region0(in0, out0, n0, n1, lo[0], hi[0], lo[1], hi[1]); break;
      default: throw new Error('unknown region ' + b.region);
    }
  }
};
