/**
 * The webgpu part of the GPU bench's report: per stencil, the tuned webgpu kernel against the tuned
 * cuda one (t_cuda / t_webgpu, above 1: webgpu is faster) and against the copy bandwidth (the
 * CUDA device copy, and a WGSL copy kernel: sejits' identity map). Issue 7's target: at least 0.85 of the
 * copy on the 8192² Jacobi (a naive WGSL kernel reached 0.66).
 */
export interface BenchRow {
  readonly stencil: string;
  readonly backend: string;
  readonly variant: string;
  readonly strategy?: string;
  readonly ms: number;
  readonly gpuMs?: number;
  readonly issueMs?: number;
}

export interface WebGpuRow {
  stencil: string;
  webgpuMs?: number;
  webgpuStrategy?: string;
  cudaMs?: number;
  cudaOverWebgpu?: number;
  ofCudaCopy?: number;
  ofWebgpuCopy?: number;
  naiveOfCudaCopy?: number;
  /** GPU time per launch from timestamp queries (SEJITS_WEBGPU_TIMESTAMPS=1), and the copy against it. */
  webgpuGpuMs?: number;
  /** Host time per launch to issue a batch. */
  webgpuIssueMs?: number;
  ofCudaCopyByGpuTime?: number;
}

export function webgpuReport(rows: readonly BenchRow[], stencils: readonly string[], unavailable: Record<string, string>): { rows: WebGpuRow[]; unavailable?: string } {
  const find = (stencil: string, backend: string, variant: string) => rows.find((r) => r.stencil === stencil && r.backend === backend && r.variant.startsWith(variant));
  const out: WebGpuRow[] = stencils.map((stencil) => {
    const w = find(stencil, 'webgpu', 'tuned');
    const c = find(stencil, 'cuda', 'tuned');
    const cudaCopy = find(stencil, 'cuda', 'device copy');
    const webgpuCopy = find(stencil, 'webgpu', 'copy kernel');
    const naive = find(stencil, 'webgpu', 'naive');
    return {
      stencil,
      webgpuMs: w?.ms,
      webgpuStrategy: w?.strategy,
      cudaMs: c?.ms,
      cudaOverWebgpu: w && c ? c.ms / w.ms : undefined,
      ofCudaCopy: w && cudaCopy ? cudaCopy.ms / w.ms : undefined,
      ofWebgpuCopy: w && webgpuCopy ? webgpuCopy.ms / w.ms : undefined,
      naiveOfCudaCopy: naive && cudaCopy ? cudaCopy.ms / naive.ms : undefined,
      webgpuGpuMs: w?.gpuMs,
      webgpuIssueMs: w?.issueMs,
      ofCudaCopyByGpuTime: w?.gpuMs && cudaCopy ? cudaCopy.ms / w.gpuMs : undefined,
    };
  });
  const f = (v: number | undefined, d = 3) => (v === undefined ? '—' : v.toFixed(d));
  console.log('\nwebgpu against cuda (tuned both): t_cuda / t_webgpu, and the fraction of the copy bandwidth reached');
  if (unavailable.webgpu) console.log(`webgpu was unavailable: ${unavailable.webgpu}`);
  console.log('| stencil | webgpu ms | strategy | cuda ms | t_cuda / t_webgpu | of CUDA copy | of WGSL copy kernel | naive WGSL of CUDA copy | webgpu GPU-timed ms | of CUDA copy, GPU-timed | host ms to issue |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of out) console.log(`| ${r.stencil} | ${f(r.webgpuMs, 4)} | ${r.webgpuStrategy ?? ''} | ${f(r.cudaMs, 4)} | ${f(r.cudaOverWebgpu)} | ${f(r.ofCudaCopy)} | ${f(r.ofWebgpuCopy)} | ${f(r.naiveOfCudaCopy)} | ${f(r.webgpuGpuMs, 4)} | ${f(r.ofCudaCopyByGpuTime)} | ${f(r.webgpuIssueMs, 4)} |`);
  const jacobi = out.find((r) => r.stencil === 'jacobi2d');
  if (jacobi?.ofCudaCopy !== undefined) console.log(`webgpu Jacobi: ${jacobi.ofCudaCopy.toFixed(3)} of the copy bandwidth (target 0.85): ${jacobi.ofCudaCopy >= 0.85 ? 'met' : 'NOT met'}`);
  return { rows: out, unavailable: unavailable.webgpu };
}
