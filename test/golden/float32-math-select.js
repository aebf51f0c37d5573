"use strict";
// sejits js: mathSelect (specialized, nearest)
// region 0: checks [none, none]
function region0(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  const o0 = s1;
  const o1 = s0;
  const o2 = -s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] = (((in0[p] > in0[p + o0]) ? Math.exp((-in0[p])) : (Math.round(in0[p + o1]) + Math.min(in0[p + o2], 0.1))) % 3);
    }
  }
}
// region 1: checks [lo, hi]
function region1(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  const o0 = s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] = (((in0[p] > in0[(i0) * s0 + ((((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))) * s1]) ? Math.exp((-in0[p])) : (Math.round(in0[p + o0]) + Math.min(in0[((((i0 + (-1)) < 0) ? 0 : (i0 + (-1)))) * s0 + (i1) * s1], 0.1))) % 3);
    }
  }
}
// region 2: checks [hi, hi]
function region2(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  const o0 = -s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] = (((in0[p] > in0[(i0) * s0 + ((((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))) * s1]) ? Math.exp((-in0[p])) : (Math.round(in0[((((i0 + 1) >= n0) ? (n0 - 1) : (i0 + 1))) * s0 + (i1) * s1]) + Math.min(in0[p + o0], 0.1))) % 3);
    }
  }
}
// region 3: checks [none, hi]
function region3(in0, out0, n0, n1, lo0, hi0, lo1, hi1) {
  const s0 = n1;
  const s1 = 1;
  const o0 = s0;
  const o1 = -s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    let p = i0 * s0 + lo1;
    for (let i1 = lo1; i1 < hi1; i1++, p++) {
        out0[p] = (((in0[p] > in0[(i0) * s0 + ((((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1))) * s1]) ? Math.exp((-in0[p])) : (Math.round(in0[p + o0]) + Math.min(in0[p + o1], 0.1))) % 3);
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
        out0[p] = (((in0[p] > in0[(i0) * s0 + ((((i1 + 1) < 0) ? 0 : (((i1 + 1) >= n1) ? (n1 - 1) : (i1 + 1)))) * s1]) ? Math.exp((-in0[p])) : (Math.round(in0[((((i0 + 1) < 0) ? 0 : (((i0 + 1) >= n0) ? (n0 - 1) : (i0 + 1)))) * s0 + (i1) * s1]) + Math.min(in0[((((i0 + (-1)) < 0) ? 0 : (((i0 + (-1)) >= n0) ? (n0 - 1) : (i0 + (-1))))) * s0 + (i1) * s1], 0.1))) % 3);
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
