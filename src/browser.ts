/**
 * sejits for browsers: the package's browser export. The same API as the Node entry (index.ts)
 * without the backends that need Node (c, opencl, cuda and Dawn's webgpu, which load koffi, fs and
 * child_process); kernels run on `js`, or on `webgpu` through navigator.gpu after
 * `await initWebGpu()`. test/browser.test.ts bundles this file and fails on any Node module.
 */
export { Grid, isGrid, stridesOf, zerosLike, type Shape } from './grid.js';
export { DTYPES, isIntegerDtype, bytesPerElement, type Dtype, type TypedArray } from './dtype.js';
export { KernelSyntaxError, KernelArgumentError, BackendUnavailableError, BackendCompileError, DeviceMemoryError, type SourceLocation } from './errors.js';
export { stencil, type StencilOptions, type StencilFunction, type StaticInput, type Accessor, type KernelArg, type KernelReturn, type StencilOutputs } from './stencil/functional.js';
export { StencilKernel, type StencilKernelOptions, type GridView, type Point } from './stencil/stencil-kernel.js';
export { StencilSpecializer, type StencilFrontend, type StencilResult, type ShowOptions } from './stencil/stencil-specializer.js';
export type { StencilCallOptions } from './stencil/call-args.js';
export { BOUNDARY_MODES, foldIndex, interiorBox, reachOfOffsets, type BoundaryMode, type Reach } from './stencil/boundary.js';
export { planRegions, splitVariants, genericVariant, variantKey, type AxisCheck, type RegionVariant, type RegionBox } from './stencil/regions.js';
export { Specializer, registerSpecializer, specializerKinds, type SpecializerOptions, type ShowResult, type Mode } from './framework/specializer.js';
export { registerBackend, resolveBackend, probeBackend, backendNames, setBackendNotice, type BackendEntry } from './backends/registry.js';
export type { Backend, HostBackend, DeviceBackend, Compiled, Launch, LaunchBox, ProbeResult } from './backends/types.js';
export { strategyKey, parseStrategyKey, type KernelStrategy } from './backends/gpu/strategy.js';
export type { TuneOptions, TuneReport, TuneResult, StrategyOptions } from './backends/gpu/tuner.js';
export { DeviceHeap, formatBytes, type DeviceMemory, type DeviceBuffer, type TransferStats, type GridLocation } from './runtime/residency.js';
export type { CopyMode } from './runtime/device-launch.js';
export type { KernelIR, LoopProgram, GridDecl, StaticTable } from './ir/kernel.js';
export * as ir from './ir/nodes.js';
export { visitExpr, visitStmt, mapExpr, mapStmtExprs, forEachExpr, type ExprVisitor, type StmtVisitor } from './ir/visitor.js';
export { printExpr, printStmts } from './ir/printer.js';
export { runPipeline, type PipelineResult, type PassDump } from './passes/pipeline.js';
export { initWebGpu, readAsync } from './backends/webgpu/browser.js';
