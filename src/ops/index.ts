/** Elementwise specializers: the arithmetic ops, map, and the base class third parties may extend. */
export { add, sub, mul, div, scale, axpy } from './arithmetic.js';
export { map, type MapOptions } from './map.js';
export { elementwise, ElementwiseSpecializer, type ElementwiseDefinition, type ElementwiseFunction, type ElementwiseOptions, type ElementwiseCallOptions, type ArgKind } from './elementwise.js';
