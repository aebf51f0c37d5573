/** sejits: Selective Embedded Just-In-Time Specialization for TypeScript. */
export { Grid, isGrid, stridesOf, zerosLike, type Shape } from './grid.js';
export { DTYPES, isIntegerDtype, bytesPerElement, type Dtype, type TypedArray } from './dtype.js';
export { KernelSyntaxError, KernelArgumentError, BackendUnavailableError, type SourceLocation } from './errors.js';
export { stencil, type StencilOptions, type StencilFunction, type StaticInput, type Accessor, type KernelArg, type KernelReturn, type StencilOutputs } from './stencil/functional.js';
export { StencilKernel, type StencilKernelOptions, type GridView, type Point } from './stencil/stencil-kernel.js';
export { StencilSpecializer, type StencilFrontend, type StencilResult, type ShowOptions } from './stencil/stencil-specializer.js';
export type { StencilCallOptions } from './stencil/call-args.js';
export { BOUNDARY_MODES, foldIndex, interiorBox, reachOfOffsets, type BoundaryMode, type Reach } from './stencil/boundary.js';
export { planRegions, splitVariants, genericVariant, variantKey, type AxisCheck, type RegionVariant, type RegionBox } from './stencil/regions.js';
export { Specializer, registerSpecializer, specializerKinds, type SpecializerOptions, type ShowResult, type Mode } from './framework/specializer.js';
export { registerBackend, resolveBackend, probeBackend, backendNames, setBackendNotice, type BackendEntry } from './backends/registry.js';
export type { Backend, Compiled, Launch, LaunchBox, ProbeResult } from './backends/types.js';
export type { KernelIR, LoopProgram, GridDecl, StaticTable } from './ir/kernel.js';
export * as ir from './ir/nodes.js';
export { visitExpr, visitStmt, mapExpr, mapStmtExprs, forEachExpr, type ExprVisitor, type StmtVisitor } from './ir/visitor.js';
export { printExpr, printStmts } from './ir/printer.js';
export { runPipeline, type PipelineResult, type PassDump } from './passes/pipeline.js';
