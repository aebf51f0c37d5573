/**
 * ESTree -> IR lowering shared by both kernel forms: one handler per ESTree node type, and a
 * KernelSyntaxError naming the construct for every type outside the subset. The forms subclass
 * this to add their own bindings (accessors and the parameter object, or grids, points and `this`).
 */
import type { SourceLocation } from '../errors.js';
import { KernelSyntaxError } from '../errors.js';
import {
  MATH_CONSTANTS,
  MATH_FUNCTIONS,
  binary,
  constant,
  local,
  select,
  unary,
  type AssignOp,
  type BinaryOp,
  type Expr,
  type MathFunction,
  type StaticValue,
  type Stmt,
} from '../ir/nodes.js';
import { evaluateStatic, lookupStatic } from '../ir/static-eval.js';
import { kernelSyntaxError } from './diagnostics.js';
import type { EsNode, ParsedKernel } from './parse.js';

interface LocalBinding {
  readonly irName: string;
  readonly mutable: boolean;
}

const BINARY_OPS: Record<string, BinaryOp> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', '**': '**',
  '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '==', '!=': '!=', '===': '==', '!==': '!=',
};

const ASSIGN_OPS: Record<string, AssignOp> = { '=': '=', '+=': '+=', '-=': '-=', '*=': '*=', '/=': '/=' };

export abstract class Lowerer {
  private readonly scopes: Map<string, LocalBinding>[] = [new Map()];
  private readonly usedIrNames = new Set<string>();
  /**
   * IR names (unique per kernel) of locals known at specialization time: static loop variables and
   * consts with static initializers.
   */
  private readonly staticLocals = new Set<string>();
  protected readonly statics: Record<string, StaticValue> = {};

  constructor(protected readonly parsed: ParsedKernel) {}

  // ---- errors ---------------------------------------------------------------------------------

  protected loc(node: EsNode | undefined): SourceLocation | undefined {
    return this.parsed.locate(node);
  }

  protected fail(node: EsNode | undefined, construct: string, detail: string): KernelSyntaxError {
    return kernelSyntaxError(this.parsed.source, this.loc(node), construct, detail);
  }

  // ---- scopes ---------------------------------------------------------------------------------

  protected withScope<T>(body: () => T): T {
    this.scopes.push(new Map());
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  protected lookupLocal(name: string): LocalBinding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b) return b;
    }
    return undefined;
  }

  protected declareLocal(node: EsNode, name: string, mutable: boolean, isStatic: boolean): string {
    if (this.scopes[this.scopes.length - 1].has(name)) throw this.fail(node, 'redeclaration', `'${name}' is already declared in this block`);
    this.checkNotReserved(node, name);
    let irName = name;
    for (let k = 1; this.usedIrNames.has(irName); k++) irName = `${name}_${k}`;
    this.usedIrNames.add(irName);
    if (isStatic) this.staticLocals.add(irName);
    this.scopes[this.scopes.length - 1].set(name, { irName, mutable });
    return irName;
  }

  /** Names the form itself binds (accessors, grids, points) may not be shadowed. */
  protected abstract checkNotReserved(node: EsNode, name: string): void;

  /** The kernel function's parameter names, after rejecting async functions and generators. */
  protected parameterNames(asyncConstruct: string, plainNames: string): string[] {
    const fn = this.parsed.fn;
    if (fn.async) throw this.fail(this.parsed.header, asyncConstruct, 'kernels are synchronous: remove async');
    if (fn.generator) throw this.fail(this.parsed.header, 'generator', 'kernels cannot be generators');
    return fn.params.map((p: EsNode) => {
      if (p.type !== 'Identifier') throw this.fail(p, 'parameter pattern', plainNames);
      return p.name as string;
    });
  }

  // ---- form hooks -----------------------------------------------------------------------------

  /** A form-specific identifier (accessor, grid, point); undefined when the form has none by that name. */
  protected abstract formIdentifier(node: EsNode): Expr | undefined;
  /** `p.name`, `this.name`, `grid[x]` and such; undefined when not the form's. */
  protected abstract formMember(node: EsNode): Expr | undefined;
  /** `a(dx, dy)` and such; undefined when not the form's. */
  protected abstract formCall(node: EsNode): Expr | undefined;
  /** Statements only one form has (return, for-of, stores); undefined when not the form's. */
  protected abstract formStatement(node: EsNode): Stmt[] | undefined;
  /** The kernel's own name, for recursion errors. */
  protected abstract ownNames(): readonly string[];

  // ---- static values --------------------------------------------------------------------------

  /** Whether an expression is known at specialization time. */
  protected isStatic(e: Expr): boolean {
    switch (e.kind) {
      case 'const':
        return true;
      case 'static':
        return e.indices.every((i) => this.isStatic(i));
      case 'local':
        return this.staticLocals.has(e.name);
      case 'unary':
        return this.isStatic(e.arg);
      case 'binary':
        return this.isStatic(e.left) && this.isStatic(e.right);
      case 'call':
        return e.args.every((a) => this.isStatic(a));
      case 'select':
        return this.isStatic(e.cond) && this.isStatic(e.then) && this.isStatic(e.otherwise);
      case 'param':
      case 'tap':
      case 'load':
      case 'coord':
      case 'extent':
        return false;
    }
  }

  /** Evaluates an expression that must be static now (no loop variables), or fails at `node`. */
  protected staticNumber(node: EsNode, e: Expr, what: string): number {
    const v = evaluateStatic(e, this.statics, new Map());
    if (v === undefined) throw this.fail(node, 'non-static value', `${what} must be known at specialization time`);
    return v;
  }

  // ---- expressions ----------------------------------------------------------------------------

  protected expr(node: EsNode): Expr {
    const handler = this.exprHandlers[node.type];
    if (!handler) throw this.fail(node, describe(node), unsupportedExpression(node));
    return handler(node);
  }

  private readonly exprHandlers: Record<string, (node: EsNode) => Expr> = {
    Literal: (n) => {
      if (typeof n.value === 'number') return constant(n.value, this.loc(n));
      if (typeof n.value === 'boolean') return constant(n.value ? 1 : 0, this.loc(n));
      if (typeof n.value === 'string') throw this.fail(n, 'string', 'strings are not supported in kernels: kernels compute numbers');
      if (n.regex) throw this.fail(n, 'regular expression', 'regular expressions are not supported in kernels');
      if (n.bigint !== undefined) throw this.fail(n, 'BigInt', 'BigInt literals are not supported in kernels');
      throw this.fail(n, 'null', 'null is not a number: kernels compute numbers');
    },
    TemplateLiteral: (n) => {
      throw this.fail(n, 'template string', 'strings are not supported in kernels: kernels compute numbers');
    },
    Identifier: (n) => this.identifier(n),
    MemberExpression: (n) => this.member(n),
    CallExpression: (n) => this.call(n),
    UnaryExpression: (n) => {
      if (n.operator === '-' || n.operator === '+' || n.operator === '!') return unary(n.operator, this.expr(n.argument), this.loc(n));
      throw this.fail(n, `operator ${n.operator}`, `the unary operator '${n.operator}' is not supported in kernels`);
    },
    BinaryExpression: (n) => {
      const op = BINARY_OPS[n.operator];
      if (!op) throw this.fail(n, `operator ${n.operator}`, `the operator '${n.operator}' is not supported in kernels (arithmetic and comparisons are)`);
      return binary(op, this.expr(n.left), this.expr(n.right), this.loc(n));
    },
    LogicalExpression: (n) => {
      const l = this.expr(n.left);
      const r = this.expr(n.right);
      // JavaScript's && and || yield an operand, not a boolean.
      if (n.operator === '&&') return select(l, r, l, this.loc(n));
      if (n.operator === '||') return select(l, l, r, this.loc(n));
      throw this.fail(n, `operator ${n.operator}`, `'${n.operator}' is not supported in kernels: values are never null`);
    },
    ConditionalExpression: (n) => select(this.expr(n.test), this.expr(n.consequent), this.expr(n.alternate), this.loc(n)),
    ArrayExpression: (n) => {
      throw this.fail(n, 'array literal', 'arrays cannot be created inside a kernel; pass a table as a static parameter');
    },
    ObjectExpression: (n) => {
      throw this.fail(n, 'object literal', 'objects cannot be created inside a kernel');
    },
    NewExpression: (n) => {
      throw this.fail(n, 'new', 'objects cannot be created inside a kernel');
    },
    ArrowFunctionExpression: (n) => {
      throw this.fail(n, 'nested function', 'functions cannot be defined inside a kernel');
    },
    FunctionExpression: (n) => {
      throw this.fail(n, 'nested function', 'functions cannot be defined inside a kernel');
    },
    AwaitExpression: (n) => {
      throw this.fail(n, 'await', 'kernels are synchronous');
    },
    YieldExpression: (n) => {
      throw this.fail(n, 'yield', 'kernels cannot be generators');
    },
    ThisExpression: (n) => {
      throw this.fail(n, 'this', "'this' may only be used as this.<field> or this.neighbors(...) in a kernel");
    },
  };

  private identifier(n: EsNode): Expr {
    const name: string = n.name;
    const b = this.lookupLocal(name);
    if (b) return local(b.irName, this.loc(n));
    const form = this.formIdentifier(n);
    if (form) return form;
    if (name === 'undefined' || name === 'NaN' || name === 'Infinity') {
      if (name === 'undefined') throw this.fail(n, 'undefined', 'undefined is not a number: kernels compute numbers');
      return constant(name === 'NaN' ? NaN : Infinity, this.loc(n));
    }
    if (name === 'Math') throw this.fail(n, 'Math', 'use Math.<function>(...) or a Math constant such as Math.PI');
    throw this.fail(
      n,
      'free identifier',
      `'${name}' is not defined in the kernel. Kernels see only Math, their own parameters and declared statics; ` +
        `pass '${name}' as a static or runtime parameter`,
    );
  }

  private member(n: EsNode): Expr {
    if (!n.computed && n.object.type === 'Identifier' && n.object.name === 'Math' && !this.lookupLocal('Math')) {
      const prop: string = n.property.name;
      if ((MATH_CONSTANTS as readonly string[]).includes(prop)) return constant((Math as unknown as Record<string, number>)[prop], this.loc(n));
      throw this.fail(n, `Math.${prop}`, `Math.${prop} is not a supported constant (${MATH_CONSTANTS.join(', ')})`);
    }
    const form = this.formMember(n);
    if (form) return form;
    throw this.fail(n, 'member access', 'only Math.*, parameters, statics and grid points may be accessed in a kernel');
  }

  private call(n: EsNode): Expr {
    const callee = n.callee;
    if (callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && callee.object.name === 'Math' && !this.lookupLocal('Math')) {
      const fn: string = callee.property.name;
      if (!(MATH_FUNCTIONS as readonly string[]).includes(fn)) {
        throw this.fail(n, `Math.${fn}`, `Math.${fn} is not supported in kernels (supported: ${MATH_FUNCTIONS.join(', ')})`);
      }
      if (n.arguments.some((a: EsNode) => a.type === 'SpreadElement')) throw this.fail(n, 'spread', 'spread arguments are not supported');
      return { kind: 'call', fn: fn as MathFunction, args: n.arguments.map((a: EsNode) => this.expr(a)), loc: this.loc(n) };
    }
    if (callee.type === 'Identifier' && this.ownNames().includes(callee.name)) {
      throw this.fail(n, 'recursion', `'${callee.name}' calls itself: recursion is not supported in kernels`);
    }
    if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression' && !callee.computed && callee.property.name === 'kernel') {
      throw this.fail(n, 'recursion', 'the kernel calls itself: recursion is not supported in kernels');
    }
    const form = this.formCall(n);
    if (form) return form;
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? `${calleeText(callee)}` : 'an expression';
    throw this.fail(n, 'call to unknown function', `'${name}' is not a function kernels can call (Math.* and the kernel's accessors are)`);
  }

  // ---- statements -----------------------------------------------------------------------------

  protected statements(nodes: readonly EsNode[]): Stmt[] {
    return nodes.flatMap((n) => this.statement(n));
  }

  protected statement(node: EsNode): Stmt[] {
    const form = this.formStatement(node);
    if (form) return form;
    const handler = this.stmtHandlers[node.type];
    if (!handler) throw this.fail(node, describe(node), unsupportedStatement(node));
    return handler(node);
  }

  /** How deep inside if/for blocks the lowering is (0 at the kernel's top level). */
  protected nesting = 0;

  protected block(node: EsNode): Stmt[] {
    this.nesting++;
    try {
      return this.withScope(() => (node.type === 'BlockStatement' ? this.statements(node.body) : this.statement(node)));
    } finally {
      this.nesting--;
    }
  }

  /** `table[i][j]` on a static value, and `.length` of a static array. */
  protected staticMember(n: EsNode): Expr | undefined {
    if (n.computed) {
      const object = this.expr(n.object);
      if (object.kind !== 'static') throw this.fail(n, 'indexing', 'only static tables can be indexed in a kernel');
      return { kind: 'static', name: object.name, indices: [...object.indices, this.expr(n.property)], loc: this.loc(n) };
    }
    if (n.property.type === 'Identifier' && n.property.name === 'length') {
      const object = this.expr(n.object);
      if (object.kind === 'static') {
        const idx = object.indices.map((i) => evaluateStatic(i, this.statics, new Map()));
        if (idx.every((i) => i !== undefined)) {
          const r = lookupStatic(this.statics[object.name], idx as number[]);
          if (r.ok && Array.isArray(r.value)) return constant(r.value.length, this.loc(n));
        }
        throw this.fail(n, '.length', '.length needs a static table indexed by static values');
      }
    }
    return undefined;
  }

  private readonly stmtHandlers: Record<string, (node: EsNode) => Stmt[]> = {
    EmptyStatement: () => [],
    BlockStatement: (n) => this.block(n),
    VariableDeclaration: (n) => {
      if (n.kind === 'var') throw this.fail(n, 'var', "use 'let' or 'const' in kernels");
      return n.declarations.map((d: EsNode): Stmt => {
        if (d.id.type !== 'Identifier') throw this.fail(d, 'destructuring', 'destructuring is not supported in kernels');
        if (!d.init) throw this.fail(d, 'uninitialized variable', `'${d.id.name}' needs an initial value`);
        const init = this.expr(d.init);
        const isStatic = n.kind === 'const' && this.isStatic(init);
        const irName = this.declareLocal(d, d.id.name, n.kind !== 'const', isStatic);
        return { kind: 'let', name: irName, init, loc: this.loc(d) };
      });
    },
    ExpressionStatement: (n) => this.expressionStatement(n.expression),
    IfStatement: (n) => [
      {
        kind: 'if',
        cond: this.expr(n.test),
        then: this.block(n.consequent),
        otherwise: n.alternate ? this.block(n.alternate) : [],
        loc: this.loc(n),
      },
    ],
    ForStatement: (n) => [this.forStatement(n)],
    WhileStatement: (n) => {
      throw this.fail(n, 'while loop', 'while loops are not supported: use for (let i = a; i < b; i++) with static bounds');
    },
    DoWhileStatement: (n) => {
      throw this.fail(n, 'do-while loop', 'do-while loops are not supported: use for (let i = a; i < b; i++) with static bounds');
    },
    TryStatement: (n) => {
      throw this.fail(n, 'try', 'try/catch is not supported in kernels');
    },
    ThrowStatement: (n) => {
      throw this.fail(n, 'throw', 'throw is not supported in kernels');
    },
    SwitchStatement: (n) => {
      throw this.fail(n, 'switch', 'switch is not supported in kernels: use if/else or the ?: operator');
    },
    FunctionDeclaration: (n) => {
      throw this.fail(n, 'nested function', 'functions cannot be defined inside a kernel');
    },
    ClassDeclaration: (n) => {
      throw this.fail(n, 'class', 'classes cannot be defined inside a kernel');
    },
  };

  protected expressionStatement(e: EsNode): Stmt[] {
    if (e.type === 'AssignmentExpression') return [this.assignment(e)];
    if (e.type === 'UpdateExpression') {
      if (e.argument.type !== 'Identifier') throw this.fail(e, `${e.operator}`, `'${e.operator}' applies only to local variables`);
      const b = this.assignableLocal(e.argument);
      return [{ kind: 'assign', name: b, op: e.operator === '++' ? '+=' : '-=', value: constant(1), loc: this.loc(e) }];
    }
    throw this.fail(e, 'expression statement', 'a statement must assign a variable or store an output; this expression has no effect');
  }

  protected assignment(e: EsNode): Stmt {
    const op = ASSIGN_OPS[e.operator];
    if (!op) throw this.fail(e, `operator ${e.operator}`, `the assignment '${e.operator}' is not supported in kernels`);
    if (e.left.type === 'Identifier') {
      const name = this.assignableLocal(e.left);
      return { kind: 'assign', name, op, value: this.expr(e.right), loc: this.loc(e) };
    }
    return this.store(e, op);
  }

  /** Stores to grids (class form) or a clear error (functional form). */
  protected abstract store(e: EsNode, op: AssignOp): Stmt;

  private assignableLocal(id: EsNode): string {
    const b = this.lookupLocal(id.name);
    if (!b) {
      if (this.formIdentifier(id)) throw this.fail(id, 'assignment', `'${id.name}' cannot be assigned`);
      throw this.fail(id, 'free identifier', `'${id.name}' is not declared in the kernel`);
    }
    if (!b.mutable) throw this.fail(id, 'assignment to const', `'${id.name}' is const`);
    return b.irName;
  }

  private forStatement(n: EsNode): Stmt {
    const shape = 'for (let i = a; i < b; i++), with a and b known at specialization';
    const init = n.init;
    if (!init || init.type !== 'VariableDeclaration' || init.kind !== 'let' || init.declarations.length !== 1 || init.declarations[0].id.type !== 'Identifier' || !init.declarations[0].init) {
      throw this.fail(n, 'for loop', `loops must have the form ${shape}`);
    }
    const name: string = init.declarations[0].id.name;
    const from = this.expr(init.declarations[0].init);
    const test = n.test;
    if (!test || test.type !== 'BinaryExpression' || !['<', '<='].includes(test.operator) || test.left.type !== 'Identifier' || test.left.name !== name) {
      throw this.fail(test ?? n, 'for loop', `loops must have the form ${shape}`);
    }
    const bound = this.expr(test.right);
    const step = this.loopStep(n.update, name, shape);
    if (!this.isStatic(from) || !this.isStatic(bound)) {
      throw this.fail(!this.isStatic(from) ? init.declarations[0].init : test.right, 'non-static loop bound', `loop bounds must be known at specialization time (constants or static parameters); loops are unrolled`);
    }
    const to = test.operator === '<=' ? binary('+', bound, constant(1)) : bound;
    return this.withScope(() => {
      const irName = this.declareLocal(init.declarations[0], name, false, true);
      const body = this.block(n.body);
      return { kind: 'for', variable: irName, from, to, step, body, loc: this.loc(n) };
    });
  }

  private loopStep(update: EsNode | null, name: string, shape: string): number {
    if (update?.type === 'UpdateExpression' && update.operator === '++' && update.argument.type === 'Identifier' && update.argument.name === name) return 1;
    if (update?.type === 'AssignmentExpression' && update.operator === '+=' && update.left.type === 'Identifier' && update.left.name === name) {
      const step = this.staticNumber(update.right, this.expr(update.right), 'the loop step');
      if (Number.isInteger(step) && step > 0) return step;
    }
    throw this.fail(update ?? undefined, 'for loop', `loops must count up by a positive static step: ${shape}`);
  }
}

function calleeText(n: EsNode): string {
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'ThisExpression') return 'this';
  if (n.type === 'MemberExpression' && !n.computed) return `${calleeText(n.object)}.${n.property.name}`;
  return '…';
}

function describe(n: EsNode): string {
  return n.type.replace(/(Statement|Expression|Declaration)$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function unsupportedExpression(n: EsNode): string {
  return `${n.type} is not supported in kernels (numbers, arithmetic, comparisons, ?:, Math.* and the kernel's own accessors are)`;
}

function unsupportedStatement(n: EsNode): string {
  return `${n.type} is not supported in kernels (let/const, assignments, if/else and static for loops are)`;
}
