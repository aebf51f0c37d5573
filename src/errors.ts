/** The error types of DESIGN.md "Semantics decided once". */

export interface SourceLocation {
  /** 1-based line within the kernel's own source text. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** Kernel code outside the supported subset. Carries the construct, position and a code frame. */
export class KernelSyntaxError extends SyntaxError {
  override readonly name = 'KernelSyntaxError';
  constructor(
    readonly construct: string,
    readonly detail: string,
    readonly location: SourceLocation,
    readonly codeFrame: string,
    readonly kernelName: string,
    /** `file:line:column` in the user's file when found there, else the kernel-relative position. */
    readonly where: string,
  ) {
    super(`${where}: ${construct}: ${detail}\n${codeFrame}`);
  }
}

/** A call that does not fit the kernel: shapes, dtypes or arity. */
export class KernelArgumentError extends TypeError {
  override readonly name = 'KernelArgumentError';
}

/** A backend asked for by name that cannot start here; the message says what to install. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  constructor(
    readonly backend: string,
    readonly reason: string,
  ) {
    super(`backend '${backend}' is unavailable: ${reason}`);
  }
}

/**
 * Generated code that a backend's compiler rejected. This is a sejits bug or a toolchain problem,
 * not the user's; the log's positions name the kernel's own lines where #line directives allow.
 */
export class BackendCompileError extends Error {
  override readonly name = 'BackendCompileError';
  constructor(
    readonly backend: string,
    readonly log: string,
    /** Where the generated source was kept for inspection. */
    readonly sourcePath: string | undefined,
  ) {
    super(`the ${backend} compiler rejected generated code${sourcePath ? ` (kept at ${sourcePath})` : ''}:\n${log}`);
  }
}

/**
 * A device ran out of memory, or a grid is larger than one device allocation may be. The message
 * names the request, what sejits holds on that device and the device's limits.
 */
export class DeviceMemoryError extends RangeError {
  override readonly name = 'DeviceMemoryError';
  constructor(
    readonly device: string,
    readonly requestedBytes: number,
    /** Bytes sejits holds on the device (live grids plus pooled buffers) when the request failed. */
    readonly heldBytes: number,
    /** The device's (or the configured) limit, when known. */
    readonly limitBytes: number | undefined,
    detail: string,
  ) {
    super(`${device}: out of device memory: ${detail}`);
  }
}

