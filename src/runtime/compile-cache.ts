/**
 * In-memory cache of compiled programs, keyed by backend and source: equal source compiles once
 * per process. Backends with slow compilers add a disk layer beneath it.
 */
import type { LoopProgram } from '../ir/kernel.js';
import type { Backend, Compiled } from '../backends/types.js';

const compiled = new Map<string, Compiled>();

export function compileCached<C extends Compiled>(backend: Backend<C>, program: LoopProgram, source: string): C {
  const key = `${backend.name}\u0000${source}`;
  let c = compiled.get(key) as C | undefined;
  if (!c) {
    c = backend.compile(program, source);
    compiled.set(key, c);
  }
  return c;
}

export function clearCompileCache(): void {
  compiled.clear();
}
