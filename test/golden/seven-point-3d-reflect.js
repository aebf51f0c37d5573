"use strict";
// sejits js: seven (specialized, reflect)
// region 0: checks [none, none, none]
function region0(in0, out0, n0, n1, n2, lo0, hi0, lo1, hi1, lo2, hi2) {
  const s0 = n1 * n2;
  const s1 = n2;
  const s2 = 1;
  const o0 = -s0;
  const o1 = s0;
  const o2 = -s1;
  const o3 = s1;
  const o4 = -s2;
  const o5 = s2;
  for (let i0 = lo0; i0 < hi0; i0++) {
    for (let i1 = lo1; i1 < hi1; i1++) {
      let p = i0 * s0 + i1 * s1 + lo2;
      for (let i2 = lo2; i2 < hi2; i2++, p++) {
          out0[p] = ((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[p + o4]) + in0[p + o5]) - (6 * in0[p]));
      }
    }
  }
}
// region 1: checks [lo, both, both]
function region1(in0, out0, n0, n1, n2, lo0, hi0, lo1, hi1, lo2, hi2) {
  const s0 = n1 * n2;
  const s1 = n2;
  const s2 = 1;
  const o0 = s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    for (let i1 = lo1; i1 < hi1; i1++) {
      let p = i0 * s0 + i1 * s1 + lo2;
      for (let i2 = lo2; i2 < hi2; i2++, p++) {
          out0[p] = ((((((in0[((((i0 + (-1)) < 0) ? ((-1) - (i0 + (-1))) : (i0 + (-1)))) * s0 + (i1) * s1 + (i2) * s2] + in0[p + o0]) + in0[(i0) * s0 + ((((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1)))) * s1 + (i2) * s2]) + in0[(i0) * s0 + ((((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1))) * s1 + (i2) * s2]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))) * s2]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))) * s2]) - (6 * in0[p]));
      }
    }
  }
}
// region 2: checks [hi, both, both]
function region2(in0, out0, n0, n1, n2, lo0, hi0, lo1, hi1, lo2, hi2) {
  const s0 = n1 * n2;
  const s1 = n2;
  const s2 = 1;
  const o0 = -s0;
  for (let i0 = lo0; i0 < hi0; i0++) {
    for (let i1 = lo1; i1 < hi1; i1++) {
      let p = i0 * s0 + i1 * s1 + lo2;
      for (let i2 = lo2; i2 < hi2; i2++, p++) {
          out0[p] = ((((((in0[p + o0] + in0[((((i0 + 1) >= n0) ? (((2 * n0) - 1) - (i0 + 1)) : (i0 + 1))) * s0 + (i1) * s1 + (i2) * s2]) + in0[(i0) * s0 + ((((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1)))) * s1 + (i2) * s2]) + in0[(i0) * s0 + ((((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1))) * s1 + (i2) * s2]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))) * s2]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))) * s2]) - (6 * in0[p]));
      }
    }
  }
}
// region 3: checks [none, lo, both]
function region3(in0, out0, n0, n1, n2, lo0, hi0, lo1, hi1, lo2, hi2) {
  const s0 = n1 * n2;
  const s1 = n2;
  const s2 = 1;
  const o0 = -s0;
  const o1 = s0;
  const o2 = s1;
  for (let i0 = lo0; i0 < hi0; i0++) {
    for (let i1 = lo1; i1 < hi1; i1++) {
      let p = i0 * s0 + i1 * s1 + lo2;
      for (let i2 = lo2; i2 < hi2; i2++, p++) {
          out0[p] = ((((((in0[p + o0] + in0[p + o1]) + in0[(i0) * s0 + ((((i1 + (-1)) < 0) ? ((-1) - (i1 + (-1))) : (i1 + (-1)))) * s1 + (i2) * s2]) + in0[p + o2]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))) * s2]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))) * s2]) - (6 * in0[p]));
      }
    }
  }
}
// region 4: checks [none, hi, both]
function region4(in0, out0, n0, n1, n2, lo0, hi0, lo1, hi1, lo2, hi2) {
  const s0 = n1 * n2;
  const s1 = n2;
  const s2 = 1;
  const o0 = -s0;
  const o1 = s0;
  const o2 = -s1;
  for (let i0 = lo0; i0 < hi0; i0++) {
    for (let i1 = lo1; i1 < hi1; i1++) {
      let p = i0 * s0 + i1 * s1 + lo2;
      for (let i2 = lo2; i2 < hi2; i2++, p++) {
          out0[p] = ((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[(i0) * s0 + ((((i1 + 1) >= n1) ? (((2 * n1) - 1) - (i1 + 1)) : (i1 + 1))) * s1 + (i2) * s2]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))) * s2]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))) * s2]) - (6 * in0[p]));
      }
    }
  }
}
// region 5: checks [none, none, lo]
function region5(in0, out0, n0, n1, n2, lo0, hi0, lo1, hi1, lo2, hi2) {
  const s0 = n1 * n2;
  const s1 = n2;
  const s2 = 1;
  const o0 = -s0;
  const o1 = s0;
  const o2 = -s1;
  const o3 = s1;
  const o4 = s2;
  for (let i0 = lo0; i0 < hi0; i0++) {
    for (let i1 = lo1; i1 < hi1; i1++) {
      let p = i0 * s0 + i1 * s1 + lo2;
      for (let i2 = lo2; i2 < hi2; i2++, p++) {
          out0[p] = ((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + (-1)) < 0) ? ((-1) - (i2 + (-1))) : (i2 + (-1)))) * s2]) + in0[p + o4]) - (6 * in0[p]));
      }
    }
  }
}
// region 6: checks [none, none, hi]
function region6(in0, out0, n0, n1, n2, lo0, hi0, lo1, hi1, lo2, hi2) {
  const s0 = n1 * n2;
  const s1 = n2;
  const s2 = 1;
  const o0 = -s0;
  const o1 = s0;
  const o2 = -s1;
  const o3 = s1;
  const o4 = -s2;
  for (let i0 = lo0; i0 < hi0; i0++) {
    for (let i1 = lo1; i1 < hi1; i1++) {
      let p = i0 * s0 + i1 * s1 + lo2;
      for (let i2 = lo2; i2 < hi2; i2++, p++) {
          out0[p] = ((((((in0[p + o0] + in0[p + o1]) + in0[p + o2]) + in0[p + o3]) + in0[p + o4]) + in0[(i0) * s0 + (i1) * s1 + ((((i2 + 1) >= n2) ? (((2 * n2) - 1) - (i2 + 1)) : (i2 + 1))) * s2]) - (6 * in0[p]));
      }
    }
  }
}
// region 7: checks [full, full, full]
function region7(in0, out0, n0, n1, n2, lo0, hi0, lo1, hi1, lo2, hi2) {
  const s0 = n1 * n2;
  const s1 = n2;
  const s2 = 1;
  for (let i0 = lo0; i0 < hi0; i0++) {
    for (let i1 = lo1; i1 < hi1; i1++) {
      let p = i0 * s0 + i1 * s1 + lo2;
      for (let i2 = lo2; i2 < hi2; i2++, p++) {
          out0[p] = ((((((in0[(((((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0)) < n0) ? ((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0)) : (((2 * n0) - 1) - ((((i0 + (-1)) % (2 * n0)) + (2 * n0)) % (2 * n0))))) * s0 + (i1) * s1 + (i2) * s2] + in0[(((((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0)) < n0) ? ((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0)) : (((2 * n0) - 1) - ((((i0 + 1) % (2 * n0)) + (2 * n0)) % (2 * n0))))) * s0 + (i1) * s1 + (i2) * s2]) + in0[(i0) * s0 + (((((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1)) < n1) ? ((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1)) : (((2 * n1) - 1) - ((((i1 + (-1)) % (2 * n1)) + (2 * n1)) % (2 * n1))))) * s1 + (i2) * s2]) + in0[(i0) * s0 + (((((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1)) < n1) ? ((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1)) : (((2 * n1) - 1) - ((((i1 + 1) % (2 * n1)) + (2 * n1)) % (2 * n1))))) * s1 + (i2) * s2]) + in0[(i0) * s0 + (i1) * s1 + (((((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2)) < n2) ? ((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2)) : (((2 * n2) - 1) - ((((i2 + (-1)) % (2 * n2)) + (2 * n2)) % (2 * n2))))) * s2]) + in0[(i0) * s0 + (i1) * s1 + (((((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2)) < n2) ? ((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2)) : (((2 * n2) - 1) - ((((i2 + 1) % (2 * n2)) + (2 * n2)) % (2 * n2))))) * s2]) - (6 * in0[p]));
      }
    }
  }
}
return function run(ins, outs, shape, params, boxes) {
  const in0 = ins[0], out0 = outs[0];
  const n0 = shape[0], n1 = shape[1], n2 = shape[2];
  for (const b of boxes) {
    const lo = b.lo, hi = b.hi;
    switch (b.region) {
      case 0: region0(in0, out0, n0, n1, n2, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]); break;
      case 1: region1(in0, out0, n0, n1, n2, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]); break;
      case 2: region2(in0, out0, n0, n1, n2, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]); break;
      case 3: region3(in0, out0, n0, n1, n2, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]); break;
      case 4: region4(in0, out0, n0, n1, n2, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]); break;
      case 5: region5(in0, out0, n0, n1, n2, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]); break;
      case 6: region6(in0, out0, n0, n1, n2, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]); break;
      case 7: region7(in0, out0, n0, n1, n2, lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]); break;
      default: throw new Error('unknown region ' + b.region);
    }
  }
};
