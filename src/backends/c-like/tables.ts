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
    w.line(`${dialect.constantSpace}${real} T${k}[${Math.max(1, t.data.length)}] = { ${t.data.map(literal).join(', ') || '0'} };`);
  });
}
