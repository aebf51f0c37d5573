/**
 * Renders a LoopProgram as JavaScript: one function per region variant with a unit-stride inner
 * loop, taps at constant flat offsets hoisted out of the loops, and stores through the typed arrays
 * themselves, which perform the integer conversion exactly as the pure mode does.
 */
import type { LoopProgram } from '../../ir/kernel.js';
import type { Expr, GridRef, Stmt } from '../../ir/nodes.js';
import { visitExpr, visitStmt } from '../../ir/visitor.js';
import { constantShifts, flatOffset, TapOffsets } from '../tap-offsets.js';

export function renderJs(program: LoopProgram): string {
  const d = program.ndim;
  const lines: string[] = ['"use strict";', `// sejits js: ${program.name} (${program.split ? 'specialized' : 'generic'}, ${program.boundary})`];
  const tableNames = Object.keys(program.tables);
  tableNames.forEach((name, k) => {
    const t = program.tables[name];
    lines.push(`const T${k} = new Float64Array([${t.data.map(num).join(', ')}]); // ${name} [${t.dims.join('×')}]`);
  });
  const gridArgs = [...program.inputs.map((_, i) => `in${i}`), ...program.outputs.map((_, i) => `out${i}`)];
  const shapeArgs = range(d).map((a) => `n${a}`);
  const paramArgs = program.params.map((_, k) => `P${k}`);
  const boxArgs = range(d).flatMap((a) => [`lo${a}`, `hi${a}`]);
  const signature = [...gridArgs, ...shapeArgs, ...paramArgs, ...boxArgs].join(', ');

  program.regions.forEach((region, r) => {
    const ctx = new RenderContext(program, tableNames);
    const body = ctx.stmts(region.body, ' '.repeat(2 * d + 4));
    lines.push(`// region ${r}: checks [${region.variant.join(', ')}]`);
    lines.push(`function region${r}(${signature}) {`);
    for (let a = 0; a < d; a++) lines.push(`  const s${a} = ${range(d).slice(a + 1).map((b) => `n${b}`).join(' * ') || '1'};`);
    for (const [shifts, name] of ctx.offsets.entries()) lines.push(`  const ${name} = ${flatOffset(shifts, false)};`);
    if (program.prologue.length) lines.push(ctx.stmts(program.prologue, '  '));
    lines.push(...loopNest(d, body));
    lines.push('}');
  });

  lines.push(`return function run(ins, outs, shape, params, boxes) {`);
  lines.push(`  const ${[...program.inputs.map((_, i) => `in${i} = ins[${i}]`), ...program.outputs.map((_, i) => `out${i} = outs[${i}]`)].join(', ')};`);
  lines.push(`  const ${shapeArgs.map((n, a) => `${n} = shape[${a}]`).join(', ')};`);
  if (paramArgs.length) lines.push(`  const ${paramArgs.map((p, k) => `${p} = params[${k}]`).join(', ')};`);
  lines.push(`  for (const b of boxes) {`);
  lines.push(`    const lo = b.lo, hi = b.hi;`);
  lines.push(`    switch (b.region) {`);
  const call = [...gridArgs, ...shapeArgs, ...paramArgs, ...range(d).flatMap((a) => [`lo[${a}]`, `hi[${a}]`])].join(', ');
  program.regions.forEach((_, r) => lines.push(`      case ${r}: region${r}(${call}); break;`));
  lines.push(`      default: throw new Error('unknown region ' + b.region);`);
  lines.push('    }', '  }', '};');
  return lines.join('\n');
}

function loopNest(d: number, body: string): string[] {
  const out: string[] = [];
  let indent = '  ';
  for (let a = 0; a < d - 1; a++) {
    out.push(`${indent}for (let i${a} = lo${a}; i${a} < hi${a}; i${a}++) {`);
    indent += '  ';
  }
  const base = range(d - 1).map((a) => `i${a} * s${a}`).concat([`lo${d - 1}`]).join(' + ');
  out.push(`${indent}let p = ${base};`);
  out.push(`${indent}for (let i${d - 1} = lo${d - 1}; i${d - 1} < hi${d - 1}; i${d - 1}++, p++) {`);
  out.push(body);
  out.push(`${indent}}`);
  for (let a = d - 2; a >= 0; a--) {
    indent = indent.slice(2);
    out.push(`${indent}}`);
  }
  return out;
}

class RenderContext {
  readonly offsets = new TapOffsets();

  constructor(
    private readonly program: LoopProgram,
    private readonly tableNames: readonly string[],
  ) {}

  stmts(list: readonly Stmt[], indent: string): string {
    return list.map((s) => this.stmt(s, indent)).join('\n');
  }

  private stmt(s: Stmt, indent: string): string {
    const inner = indent + '  ';
    return visitStmt<string>(s, {
      let: (n) => `${indent}let v_${n.name} = ${this.expr(n.init)};`,
      assign: (n) => `${indent}v_${n.name} ${n.op} ${this.expr(n.value)};`,
      store: (n) => `${indent}out${n.output}[p] ${n.op} ${this.expr(n.value)};`,
      for: (n) =>
        `${indent}for (let v_${n.variable} = ${this.expr(n.from)}; v_${n.variable} < ${this.expr(n.to)}; v_${n.variable} += ${n.step}) {\n${this.stmts(n.body, inner)}\n${indent}}`,
      if: (n) =>
        `${indent}if (${this.expr(n.cond)}) {\n${this.stmts(n.then, inner)}\n${indent}}` +
        (n.otherwise.length ? ` else {\n${this.stmts(n.otherwise, inner)}\n${indent}}` : ''),
    });
  }

  expr(e: Expr): string {
    return visitExpr<string>(e, {
      const: (n) => num(n.value),
      param: (n) => `P${this.program.params.indexOf(n.name)}`,
      static: (n) => {
        const k = this.tableNames.indexOf(n.name);
        const dims = this.program.tables[n.name].dims;
        if (n.indices.length !== dims.length) throw new Error(`static ${n.name} is indexed ${n.indices.length} times but has ${dims.length} dimensions`);
        const flat = n.indices.map((ix, i) => {
          const stride = dims.slice(i + 1).reduce((a, b) => a * b, 1);
          return stride === 1 ? `(${this.expr(ix)})` : `(${this.expr(ix)}) * ${stride}`;
        });
        return `T${k}[${flat.join(' + ') || '0'}]`;
      },
      local: (n) => `v_${n.name}`,
      coord: (n) => `i${n.axis}`,
      extent: (n) => `n${n.axis}`,
      tap: () => {
        throw new Error('internal: taps must be lowered to loads before rendering');
      },
      load: (n) => `${gridVar(n.grid)}[${this.flatIndex(n.coords)}]`,
      unary: (n) => `(${n.op}${this.expr(n.arg)})`,
      binary: (n) => `(${this.expr(n.left)} ${n.op === '==' ? '===' : n.op === '!=' ? '!==' : n.op} ${this.expr(n.right)})`,
      call: (n) => `Math.${n.fn}(${n.args.map((a) => this.expr(a)).join(', ')})`,
      select: (n) => `(${this.expr(n.cond)} ? ${this.expr(n.then)} : ${this.expr(n.otherwise)})`,
    });
  }

  /** `p + oK` when every coordinate is the point's own plus a constant; a full flat index otherwise. */
  private flatIndex(coords: readonly Expr[]): string {
    const shifts = constantShifts(coords);
    if (shifts) return shifts.every((s) => s === 0) ? 'p' : `p + ${this.offsets.name(shifts)}`;
    return coords.map((c, a) => `(${this.expr(c)}) * s${a}`).join(' + ');
  }
}

function gridVar(g: GridRef): string {
  return `${g.role === 'input' ? 'in' : 'out'}${g.index}`;
}

function num(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  return v < 0 ? `(${v})` : String(v);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
