"use strict";
// sejits js: accumulate (specialized, mirror)
// region 0: checks [none, none]
function region0(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  const o0 = -s1;
  const o1 = s1;
  const o2 = s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] += (0.75 * in0[p + o0]);
        out0[p] += (0.75 * in0[p + o1]);
        out0[p] += (0.75 * in0[p + o2]);
    }
  }
}
// region 1: checks [hi, both]
function region1(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] += (0.75 * in0[(i0) * s0 + ((((i1 + (-1)) < 0) ? (0 - (i1 + (-1))) : (i1 + (-1)))) * s1]);
        out0[p] += (0.75 * in0[(i0) * s0 + ((((i1 + 1) >= n1) ? (((2 * n1) - 2) - (i1 + 1)) : (i1 + 1))) * s1]);
        out0[p] += (0.75 * in0[((((i0 + 1) >= n0) ? (((2 * n0) - 2) - (i0 + 1)) : (i0 + 1))) * s0 + (i1) * s1]);
    }
  }
}
// region 2: checks [none, lo]
function region2(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  const o0 = s1;
  const o1 = s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] += (0.75 * in0[(i0) * s0 + ((((i1 + (-1)) < 0) ? (0 - (i1 + (-1))) : (i1 + (-1)))) * s1]);
        out0[p] += (0.75 * in0[p + o0]);
        out0[p] += (0.75 * in0[p + o1]);
    }
  }
}
// region 3: checks [none, hi]
function region3(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  const o0 = -s1;
  const o1 = s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] += (0.75 * in0[p + o0]);
        out0[p] += (0.75 * in0[(i0) * s0 + ((((i1 + 1) >= n1) ? (((2 * n1) - 2) - (i1 + 1)) : (i1 + 1))) * s1]);
        out0[p] += (0.75 * in0[p + o1]);
    }
  }
}
// region 4: checks [full, full]
function region4(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] += (0.75 * in0[(i0) * s0 + (((n1 === 1) ? 0 : ((((((i1 + (-1)) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)) < n1) ? ((((i1 + (-1)) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)) : (((2 * n1) - 2) - ((((i1 + (-1)) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)))))) * s1]);
        out0[p] += (0.75 * in0[(i0) * s0 + (((n1 === 1) ? 0 : ((((((i1 + 1) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)) < n1) ? ((((i1 + 1) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)) : (((2 * n1) - 2) - ((((i1 + 1) % ((2 * n1) - 2)) + ((2 * n1) - 2)) % ((2 * n1) - 2)))))) * s1]);
        out0[p] += (0.75 * in0[(((n0 === 1) ? 0 : ((((((i0 + 1) % ((2 * n0) - 2)) + ((2 * n0) - 2)) % ((2 * n0) - 2)) < n0) ? ((((i0 + 1) % ((2 * n0) - 2)) + ((2 * n0) - 2)) % ((2 * n0) - 2)) : (((2 * n0) - 2) - ((((i0 + 1) % ((2 * n0) - 2)) + ((2 * n0) - 2)) % ((2 * n0) - 2)))))) * s0 + (i1) * s1]);
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
      case 1: region1(in0, out0, n0, n1, lo[0], hi[0], lo[1], hi[1]); break;
      case 2: region2(in0, out0, n0, n1, lo[0], hi[0], lo[1], hi[1]); break;
      case 3: region3(in0, out0, n0, n1, lo[0], hi[0], lo[1], hi[1]); break;
      case 4: region4(in0, out0, n0, n1, lo[0], hi[0], lo[1], hi[1]); break;
      default: throw new Error('unknown region ' + b.region);
    }
  }
};
