"use strict";
// sejits js: smooth (specialized, constant)
// region 0: checks [none]
function region0(in0, out0, n0, P0, lo0, hi0) {
  const s0 = 1;
  const o0 = -s0;
  const o1 = s0;
  let p = lo0;
  for (let i0 = lo0; i0 < hi0; i0++, p++) {
      out0[p] = ((P0 * (in0[p + o0] + in0[p + o1])) + in0[p]);
  }
}
// region 1: checks [lo]
function region1(in0, out0, n0, P0, lo0, hi0) {
  const s0 = 1;
  const o0 = -s0;
  const o1 = s0;
  let p = lo0;
  for (let i0 = lo0; i0 < hi0; i0++, p++) {
      out0[p] = ((P0 * ((((i0 + (-1)) >= 0) ? in0[p + o0] : 2) + in0[p + o1])) + in0[p]);
  }
}
// region 2: checks [hi]
function region2(in0, out0, n0, P0, lo0, hi0) {
  const s0 = 1;
  const o0 = -s0;
  const o1 = s0;
  let p = lo0;
  for (let i0 = lo0; i0 < hi0; i0++, p++) {
      out0[p] = ((P0 * (in0[p + o0] + (((i0 + 1) < n0) ? in0[p + o1] : 2))) + in0[p]);
  }
}
// region 3: checks [full]
function region3(in0, out0, n0, P0, lo0, hi0) {
  const s0 = 1;
  const o0 = -s0;
  const o1 = s0;
  let p = lo0;
  for (let i0 = lo0; i0 < hi0; i0++, p++) {
      out0[p] = ((P0 * ((((i0 + (-1)) >= 0) ? in0[p + o0] : 2) + (((i0 + 1) < n0) ? in0[p + o1] : 2))) + in0[p]);
  }
}
return function run(ins, outs, shape, params, boxes) {
  const in0 = ins[0], out0 = outs[0];
  const n0 = shape[0];
  const P0 = params[0];
  for (const b of boxes) {
    const lo = b.lo, hi = b.hi;
    switch (b.region) {
      case 0: region0(in0, out0, n0, P0, lo[0], hi[0]); break;
      case 1: region1(in0, out0, n0, P0, lo[0], hi[0]); break;
      case 2: region2(in0, out0, n0, P0, lo[0], hi[0]); break;
      case 3: region3(in0, out0, n0, P0, lo[0], hi[0]); break;
      default: throw new Error('unknown region ' + b.region);
    }
  }
};
