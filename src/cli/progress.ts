/**
 * Progress for long runs (the demo, the bench): a cli-progress bar on a terminal, and on a pipe or
 * CI log a plain line per step, so logs stay readable and nothing redraws.
 */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  /** Sets the number of finished units and what is running now. */
  update(done: number, task?: string): void;
  /** Prints a line above the bar (or to the log). */
  log(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly total: number;
  readonly label: string;
  /** Where to draw (default stderr, so stdout stays the result). */
  readonly stream?: NodeJS.WriteStream;
  /** false: print nothing. */
  readonly enabled?: boolean;
  /** On a pipe, print a line only every this many units (default: every unit). */
  readonly lineEvery?: number;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.enabled === false) return { update() {}, log() {}, stop() {} };
  if (!stream.isTTY) {
    const every = Math.max(1, options.lineEvery ?? 1);
    let last = -1;
    return {
      update(done, task) {
        // A bare count (no task) only moves a bar; a log line names what runs.
        if (task === undefined && done !== options.total) return;
        if (done !== options.total && done - last < every) return;
        last = done;
        stream.write(`${options.label} [${done}/${options.total}]${task ? ` ${task}` : ''}\n`);
      },
      log: (line) => stream.write(line + '\n'),
      stop() {},
    };
  }
  const bar = new SingleBar(
    {
      stream,
      format: `${options.label} {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | {task}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  bar.start(options.total, 0, { task: '' });
  return {
    update: (done, task) => bar.update(done, { task: task ?? '' }),
    log(line) {
      // cli-progress redraws on the current line: clear it, print, and let the next update redraw.
      stream.write('\r\x1b[2K' + line + '\n');
      bar.render();
    },
    stop: () => bar.stop(),
  };
}
