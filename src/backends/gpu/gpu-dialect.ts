/**
 * What differs between the GPU kernel languages, as data: OpenCL C and CUDA share the kernel
 * structure (render-gpu.ts) and differ in how a kernel is declared, how a thread finds itself, how
 * block-shared memory and barriers are spelled, and how vectors are loaded and stored.
 */
import type { Dtype } from '../../dtype.js';
import type { LoopProgram } from '../../ir/kernel.js';
import { elementType, OPENCL_C, type CDialect } from '../c-like/dialect.js';

export interface GpuDialect {
  readonly c: CDialect;
  /** The generated file's extension, for `#line` names and saved sources. */
  readonly extension: string;
  /** The 64-bit integer type index arithmetic uses on grids of 2^31 points or more. */
  readonly wideIndexType: string;
  /** Pragmas and definitions before the prelude. */
  header(program: LoopProgram): string[];
  /** `… void` up to the kernel's name, for a block of `threads`. */
  kernelPrefix(threads: number): string;
  inputPointer(dtype: Dtype): string;
  outputPointer(dtype: Dtype): string;
  /** The flat thread index within the block, and the flat block index. */
  readonly threadIndex: string;
  readonly blockIndex: string;
  sharedArray(dtype: Dtype, name: string, length: number): string;
  readonly barrier: string;
  /** The vector type of `width` elements. */
  vectorType(dtype: Dtype, width: number): string;
  /** A vector read of `width` elements at `pointer + index` (aligned to the vector's size). */
  vectorLoad(dtype: Dtype, width: number, pointer: string, index: string): string;
  vectorStore(dtype: Dtype, width: number, pointer: string, index: string, values: readonly string[]): string;
  /** Component k of a vector value. */
  component(vector: string, k: number): string;
}

const COMPONENTS = ['x', 'y', 'z', 'w'];

function openclVectorComponent(vector: string, k: number): string {
  return k < 4 ? `${vector}.${COMPONENTS[k]}` : `${vector}.s${k.toString(16)}`;
}

export const OPENCL_GPU: GpuDialect = {
  c: OPENCL_C,
  extension: 'cl',
  wideIndexType: 'long',
  header(program) {
    const lines: string[] = [];
    if (program.compute === 'float64') lines.push('#pragma OPENCL EXTENSION cl_khr_fp64 : enable');
    // JavaScript rounds every operation: no fused multiply-adds.
    lines.push('#pragma OPENCL FP_CONTRACT OFF');
    return lines;
  },
  kernelPrefix: (threads) => `__kernel __attribute__((reqd_work_group_size(${threads}, 1, 1))) void`,
  inputPointer: (dtype) => `__global const ${elementType(OPENCL_C, dtype)}* restrict`,
  outputPointer: (dtype) => `__global ${elementType(OPENCL_C, dtype)}* restrict`,
  threadIndex: '(int)get_local_id(0)',
  blockIndex: '(sj_idx)get_group_id(0)',
  sharedArray: (dtype, name, length) => `__local ${elementType(OPENCL_C, dtype)} ${name}[${length}];`,
  barrier: 'barrier(CLK_LOCAL_MEM_FENCE);',
  vectorType: (dtype, width) => `${elementType(OPENCL_C, dtype)}${width}`,
  vectorLoad: (_dtype, width, pointer, index) => `vload${width}(0, ${pointer} + ${index})`,
  vectorStore: (dtype, width, pointer, index, values) => `vstore${width}((${elementType(OPENCL_C, dtype)}${width})(${values.join(', ')}), 0, ${pointer} + ${index})`,
  component: openclVectorComponent,
};

/**
 * CUDA C++ as NVRTC compiles it: no standard headers (NVRTC has none) and no GCC builtins, so the
 * infinities and NaN are bit casts, static tables are stored as bit patterns, and the integer
 * types are the language's own.
 */
export const CUDA_C: CDialect = {
  name: 'cuda',
  includes: [],
  helperQualifier: 'static __device__ __forceinline__',
  regionQualifier: 'static __device__ __forceinline__',
  restrict: '__restrict__',
  globalSpace: '',
  constantSpace: 'static __constant__ const ',
  tablePointer: 'const',
  nanLiteral: '__int_as_float(0x7fffffff)',
  nanConstant: '__int_as_float(0x7fffffff)',
  infinityLiteral: '__int_as_float(0x7f800000)',
  int64: 'sj_idx',
  int32: 'int',
  uint32: 'unsigned int',
  uint8: 'unsigned char',
  lineDirectives: true,
  suffixedMath: true,
  uint32Bits: (x) => `(int)(${x})`,
  bitTables: true,
};

const CUDA_VECTOR_NAMES: Record<Dtype, string> = { float32: 'float', float64: 'double', int32: 'int', uint8: 'uchar' };

export const CUDA_GPU: GpuDialect = {
  c: CUDA_C,
  extension: 'cu',
  wideIndexType: 'long long',
  header: () => [],
  kernelPrefix: (threads) => `extern "C" __global__ void __launch_bounds__(${threads})`,
  inputPointer: (dtype) => `const ${elementType(CUDA_C, dtype)}* __restrict__`,
  outputPointer: (dtype) => `${elementType(CUDA_C, dtype)}* __restrict__`,
  threadIndex: '(int)threadIdx.x',
  blockIndex: '(sj_idx)blockIdx.x',
  sharedArray: (dtype, name, length) => `__shared__ ${elementType(CUDA_C, dtype)} ${name}[${length}];`,
  barrier: '__syncthreads();',
  vectorType: (dtype, width) => `${CUDA_VECTOR_NAMES[dtype]}${width}`,
  vectorLoad: (dtype, width, pointer, index) => `*(const ${CUDA_VECTOR_NAMES[dtype]}${width}*)(${pointer} + ${index})`,
  vectorStore: (dtype, width, pointer, index, values) => `*(${CUDA_VECTOR_NAMES[dtype]}${width}*)(${pointer} + ${index}) = make_${CUDA_VECTOR_NAMES[dtype]}${width}(${values.join(', ')})`,
  component: (vector, k) => `${vector}.${COMPONENTS[k]}`,
};

/** The widest vector (at most 16 bytes, at most `points`) that loads a dtype's elements. */
export function vectorWidth(dtype: Dtype, points: number): number {
  const bytes = dtype === 'float64' ? 8 : dtype === 'uint8' ? 1 : 4;
  let w = Math.min(points, Math.floor(16 / bytes), 4);
  while (points % w !== 0) w--;
  return w;
}

/**
 * Statements storing `values` (consecutive elements of `dtype`) at `pointer + index(o)`, o the
 * first element's offset, in the widest aligned vectors (vectorWidth): scalars where only one fits.
 */
export function vectorStores(dialect: GpuDialect, dtype: Dtype, values: readonly string[], pointer: string, index: (offset: number) => string): string[] {
  const width = vectorWidth(dtype, values.length);
  const lines: string[] = [];
  for (let o = 0; o < values.length; o += width) {
    if (width === 1) lines.push(`${pointer}[${index(o)}] = ${values[o]};`);
    else lines.push(`${dialect.vectorStore(dtype, width, pointer, index(o), values.slice(o, o + width))};`);
  }
  return lines;
}
