/**
 * Builds one fused kernel from a group of Fusable calls (paper 000's loop fusion, done in
 * registers): each member's per-point IR is renamed apart, its reads of other members' results
 * become locals, and each of its stores becomes a local that converts exactly as a store to that
 * result's dtype would (float32 rounding, integer truncation and wrapping: DESIGN.md's "Semantics
 * decided once"), so fused code computes bit for bit what the unfused calls store and reload.
 * The result is an ordinary KernelIR: the existing pipeline and every backend compile it unchanged.
 */
import type { Dtype } from '../dtype.js';
import type { KernelIR } from '../ir/kernel.js';
import { binary, constant, inputRef, local, select, type Expr, type Stmt } from '../ir/nodes.js';
import { mapExpr, mapStmtExprs, visitStmt } from '../ir/visitor.js';
import type { FusionInfo } from '../framework/fusable.js';

export type InputSource = { readonly kind: 'external'; readonly index: number } | { readonly kind: 'member'; readonly member: number; readonly output: number };

export interface FuseMember {
  readonly info: FusionInfo;
  /** Where each of the member's inputs comes from. */
  readonly inputs: readonly InputSource[];
  readonly outputDtypes: readonly Dtype[];
}

export interface FusedKernel {
  readonly kernel: KernelIR;
  readonly compute: 'float32' | 'float64';
  /** For each param of the fused kernel, the member and the index of its own param. */
  readonly params: readonly { readonly member: number; readonly index: number }[];
}

export function fuseKernel(
  name: string,
  members: readonly FuseMember[],
  externalDtypes: readonly Dtype[],
  stored: readonly { readonly member: number; readonly output: number; readonly dtype: Dtype }[],
  /** Prepended to every renamed name (the stages of one staged program must not collide). */
  namePrefix = '',
): FusedKernel {
  const compute = fusedComputeType(externalDtypes, stored, members);
  const head = members.find((m) => m.info.geometry.kind === 'stencil') ?? members[0];
  const ndim = head.info.kernel.ndim;
  const body: Stmt[] = [];
  const params: { member: number; index: number }[] = [];
  const paramNames: string[] = [];
  const statics: Record<string, KernelIR['statics'][string]> = {};

  members.forEach((m, g) => {
    const k = m.info.kernel;
    const prefix = `${namePrefix}g${g}_`;
    k.params.forEach((p, index) => {
      params.push({ member: g, index });
      paramNames.push(prefix + p);
    });
    for (const [s, v] of Object.entries(k.statics)) statics[prefix + s] = v;
    const renamed = renameKernelBody(k.body, prefix, (e) => {
      if (e.kind !== 'tap' || e.grid.role !== 'input') return e;
      const src = m.inputs[e.grid.index];
      if (src.kind === 'external') return { ...e, grid: inputRef(src.index) };
      return local(resultName(src.member, src.output, namePrefix));
    });
    body.push(...storesToLocals(renamed, g, m.outputDtypes, namePrefix));
  });
  stored.forEach((s, i) => body.push({ kind: 'store', output: i, op: '=', value: local(resultName(s.member, s.output, namePrefix)) }));

  const kernel: KernelIR = {
    name,
    ndim,
    inputNames: externalDtypes.map((_, i) => `in${i}`),
    outputNames: stored.map((_, i) => `out${i}`),
    outputStyle: 'array',
    params: paramNames,
    statics,
    declaredOffsets: head.info.kernel.declaredOffsets,
    boundary: head.info.geometry.kind === 'stencil' ? head.info.geometry.boundary : 'nearest',
    cval: head.info.geometry.kind === 'stencil' ? head.info.geometry.cval : 0,
    body,
    source: head.info.kernel.source,
  };
  return { kernel, compute, params };
}

/** A fused kernel computes in float32 when every grid and result it touches is float32, else in float64. */
export function fusedComputeType(externalDtypes: readonly Dtype[], stored: readonly { readonly dtype: Dtype }[], members: readonly { readonly outputDtypes: readonly Dtype[] }[]): 'float32' | 'float64' {
  const all = [...externalDtypes, ...stored.map((s) => s.dtype), ...members.flatMap((m) => m.outputDtypes)];
  return all.every((d) => d === 'float32') ? 'float32' : 'float64';
}

export function resultName(member: number, output: number, namePrefix = ''): string {
  return `${namePrefix}g${member}_r${output}`;
}

/** Renames a member's locals, params and statics apart, and rewrites its taps. */
function renameKernelBody(stmts: readonly Stmt[], prefix: string, tap: (e: Expr) => Expr): Stmt[] {
  const exprs = (e: Expr): Expr =>
    mapExpr(e, (n) => {
      switch (n.kind) {
        case 'local':
          return { ...n, name: prefix + n.name };
        case 'param':
          return { ...n, name: prefix + n.name };
        case 'static':
          return { ...n, name: prefix + n.name };
        default:
          return tap(n);
      }
    });
  const names = (list: readonly Stmt[]): Stmt[] =>
    list.map((s) =>
      visitStmt<Stmt>(s, {
        let: (n) => ({ ...n, name: prefix + n.name }),
        assign: (n) => ({ ...n, name: prefix + n.name }),
        store: (n) => n,
        for: (n) => ({ ...n, variable: prefix + n.variable, body: names(n.body) }),
        if: (n) => ({ ...n, then: names(n.then), otherwise: names(n.otherwise) }),
      }),
    );
  return names(mapStmtExprs(stmts, exprs));
}

/**
 * Each store to output k becomes a write of local g{g}_r{k}, converted to the output's dtype. A
 * body that stores each output once at its top level with `=` declares the local there; otherwise
 * the local starts at 0 (a fresh output is zeros) and every store, `+=` included, converts after it.
 */
function storesToLocals(body: readonly Stmt[], g: number, dtypes: readonly Dtype[], namePrefix: string): Stmt[] {
  const topStores = body.filter((s) => s.kind === 'store');
  const simple =
    dtypes.every((_, k) => topStores.filter((s) => s.kind === 'store' && s.output === k).length === 1 && countStores(body, k) === 1) &&
    topStores.every((s) => s.kind === 'store' && s.op === '=');
  const name = (k: number) => resultName(g, k, namePrefix);
  const convert = (k: number): Stmt[] => {
    const c = conversion(dtypes[k], local(name(k)));
    return c ? [{ kind: 'assign', name: name(k), op: '=', value: c }] : [];
  };
  if (simple) {
    // One `let` per result (never reassigned, so passes may treat it as any other local).
    return body.flatMap((s): Stmt[] => {
      if (s.kind !== 'store') return [s];
      const r = name(s.output);
      const dtype = dtypes[s.output];
      if (dtype === 'float64' || dtype === 'float32') return [{ kind: 'let', name: r, init: conversion(dtype, s.value) ?? s.value, loc: s.loc }];
      const raw = `${r}_raw`;
      return [
        { kind: 'let', name: raw, init: s.value, loc: s.loc },
        { kind: 'let', name: r, init: conversion(dtype, local(raw))! },
      ];
    });
  }
  const rewrite = (list: readonly Stmt[]): Stmt[] =>
    list.flatMap((s) =>
      visitStmt<Stmt[]>(s, {
        let: (n) => [n],
        assign: (n) => [n],
        store: (n) => {
          const value = n.op === '=' ? n.value : binary(n.op[0] as '+' | '-' | '*' | '/', local(name(n.output)), n.value);
          return [{ kind: 'assign', name: name(n.output), op: '=', value, loc: n.loc }, ...convert(n.output)];
        },
        for: (n) => [{ ...n, body: rewrite(n.body) }],
        if: (n) => [{ ...n, then: rewrite(n.then), otherwise: rewrite(n.otherwise) }],
      }),
    );
  return [...dtypes.map((_, k): Stmt => ({ kind: 'let', name: name(k), init: constant(0) })), ...rewrite(body)];
}

function countStores(list: readonly Stmt[], k: number): number {
  let n = 0;
  for (const s of list) {
    visitStmt<void>(s, {
      let: () => {},
      assign: () => {},
      store: (x) => {
        if (x.output === k) n++;
      },
      for: (x) => {
        n += countStores(x.body, k);
      },
      if: (x) => {
        n += countStores(x.then, k) + countStores(x.otherwise, k);
      },
    });
  }
  return n;
}

const TWO_32 = 4294967296;
const TWO_31 = 2147483648;

/**
 * What storing x into a `dtype` element and reading it back yields, as IR (undefined: nothing).
 * Integers follow typed-array conversion: truncate, wrap modulo 2^n, NaN and ±Infinity become 0,
 * and -0 becomes 0. `%` is the IR's remainder with the dividend's sign (fmod), exact in float64.
 */
export function conversion(dtype: Dtype, x: Expr): Expr | undefined {
  switch (dtype) {
    case 'float64':
      return undefined;
    case 'float32':
      return { kind: 'call', fn: 'fround', args: [x] };
    case 'int32': {
      const m = binary('%', { kind: 'call', fn: 'trunc', args: [x] }, constant(TWO_32));
      const wrapped = select(binary('>=', m, constant(TWO_31)), binary('-', m, constant(TWO_32)), select(binary('<', m, constant(-TWO_31)), binary('+', m, constant(TWO_32)), m));
      return finiteOrZero(x, wrapped);
    }
    case 'uint8': {
      const m = binary('%', { kind: 'call', fn: 'trunc', args: [x] }, constant(256));
      return finiteOrZero(x, select(binary('<', m, constant(0)), binary('+', m, constant(256)), m));
    }
  }
}

/** NaN and ±Infinity store as 0, and so does -0 (a zero of either sign is +0 in an integer grid). */
function finiteOrZero(x: Expr, value: Expr): Expr {
  const finite = binary('<', { kind: 'call', fn: 'abs', args: [x] }, constant(Infinity));
  return select(finite, select(binary('==', value, constant(0)), constant(0), value), constant(0));
}
