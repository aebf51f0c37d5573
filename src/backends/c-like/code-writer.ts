/**
 * Collects generated C-family source line by line and places `#line` directives, so that a
 * compiler's message about a statement names the kernel's own file and line; scaffolding lines are
 * mapped back to the generated file itself.
 */
import type { SourceOrigin } from '../../ir/kernel.js';
import type { Loc } from '../../ir/nodes.js';

export class CodeWriter {
  private readonly lines: string[] = [];
  /** Lines written so far (an entry may hold several). */
  private count = 0;
  /** The kernel line the compiler currently attributes lines to, or undefined for generated code. */
  private mapped: number | undefined;

  constructor(
    private readonly origin: SourceOrigin,
    /** The name the generated file reports itself as. */
    readonly generatedName: string,
    private readonly directives: boolean,
  ) {
    // Name the generated file from the first line, wherever the compiler is handed it from.
    if (directives) this.line(`#line 2 ${quote(generatedName)}`);
  }

  line(text: string): void {
    this.lines.push(text);
    this.count += 1 + (text.match(/\n/g)?.length ?? 0);
  }

  /** Attributes the following lines to the kernel line of `loc` (no-op without a location). */
  mapTo(loc: Loc): void {
    if (!this.directives || !loc) return;
    const line = this.origin.firstLine + loc.line - 1;
    if (this.mapped === line) return;
    this.mapped = line;
    this.line(`#line ${line} ${quote(this.origin.file)}`);
  }

  /** Attributes the following lines to the generated file again. */
  unmap(): void {
    if (!this.directives || this.mapped === undefined) return;
    this.mapped = undefined;
    // #line N names the line that follows the directive.
    this.line(`#line ${this.count + 2} ${quote(this.generatedName)}`);
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

function quote(file: string): string {
  return JSON.stringify(file.replace(/\n/g, ' '));
}
