/** Static tables still indexed at run time, declared once at file scope as constant arrays. */
import type { LoopProgram } from '../../ir/kernel.js';
import { BodyRenderer } from './body-renderer.js';
import type { CodeWriter } from './code-writer.js';
import { realType, type CDialect } from './dialect.js';

export function writeTables(dialect: CDialect, program: LoopProgram, w: CodeWriter): void {
  const literals = new BodyRenderer(dialect, program);
  const real = realType(program.compute);
  const literal = (v: number) => (Number.isNaN(v) ? dialect.nanConstant : literals.literal(v));
  Object.entries(program.tables).forEach(([name, t], k) => {
    w.line(`/* static ${name} [${t.dims.join('×')}] */`);
    const length = Math.max(1, t.data.length);
    if (dialect.bitTables) {
      const wide = program.compute === 'float64';
      const bits = t.data.map((v) => bitPattern(v, wide)).join(', ') || '0';
      w.line(`${dialect.constantSpace}${wide ? 'unsigned long long' : 'unsigned int'} T${k}_bits[${length}] = { ${bits} };`);
      w.line(`#define T${k} ((const ${real}*)T${k}_bits)`);
    } else {
      w.line(`${dialect.constantSpace}${real} T${k}[${length}] = { ${t.data.map(literal).join(', ') || '0'} };`);
    }
  });
}

/** The IEEE-754 bits of a value in the compute type, as a hexadecimal integer literal. */
function bitPattern(v: number, wide: boolean): string {
  const view = new DataView(new ArrayBuffer(8));
  if (wide) {
    view.setFloat64(0, v);
    return `0x${view.getBigUint64(0).toString(16)}ull`;
  }
  view.setFloat32(0, v);
  return `0x${view.getUint32(0).toString(16)}u`;
}
