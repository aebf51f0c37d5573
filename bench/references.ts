/**
 * The bench's references and extra figures, by name: the harness measures them, and the CLI's
 * --skip accepts exactly these (imported without loading the harness itself).
 */
export const REFERENCES = ['copy', 'hand', 'handC', 'generic', 'pure', 'scipy', 'opencv'] as const;
export type Reference = (typeof REFERENCES)[number];
/** The c backend's extra figures: paper 004's Table 1 and JIT latency. */
export const EXTRAS = ['table1', 'jit'] as const;
/** The copy limit is always measured: every other reference, and the extras, may be left out. */
export type SkippableReference = Exclude<Reference, 'copy'> | (typeof EXTRAS)[number];
export const SKIPPABLE: readonly SkippableReference[] = [...REFERENCES.filter((r): r is Exclude<Reference, 'copy'> => r !== 'copy'), ...EXTRAS];
