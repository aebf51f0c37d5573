#!/usr/bin/env node
/** The `sejits` command: show, tune, doctor, bench and demo. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DTYPES, isDtype, type Dtype } from '../dtype.js';
import '../backends/node-backends.js';
import { doctorReport, formatDoctor } from './doctor.js';
import { showCommand } from './show.js';
import { showMetaCommand } from './show-meta.js';
import { SKIPPABLE } from '../../bench/references.js';

const program = new Command();
program
  .name('sejits')
  .description('Selective Embedded Just-In-Time Specialization for TypeScript stencils')
  .showHelpAfterError()
  .addHelpText('after', '\nRun `sejits <command> --help` for the options of each command.');

const ndimArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3) throw new InvalidArgumentError('must be 1, 2 or 3');
  return n;
};
const positive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive number`);
  return n;
};
const positiveInt = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`);
  return n;
};
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const dtypeArg = (v: string): Dtype => {
  if (!isDtype(v)) throw new InvalidArgumentError(`must be one of ${DTYPES.join(', ')}`);
  return v;
};

program
  .command('show')
  .description('print the generated code of the kernels a module exports, and with --ir the IR after each pass')
  .argument('<file>', 'a .ts or .js module exporting stencil() functions or StencilKernel subclasses')
  .option('-b, --backend <name>', 'backend to render for', 'js')
  .option('--ir', 'also print the IR after each pass', false)
  .option('--generic', 'generic mode: no partial evaluation or region splitting', false)
  .option('-k, --kernel <export>', 'only the kernel exported under this name')
  .option('--ndim <n>', 'dimensionality of the sample grids when the kernel does not fix it', ndimArg)
  .option('--dtype <dtype>', `dtype of the sample grids (${DTYPES.join(', ')})`, dtypeArg)
  .option('--vec-report', 'with --backend c: compile with -fopt-info-vec-optimized and list the loops that vectorized', false)
  .option('--meta', "the module's meta() functions instead: their blocks, what fused and why, what did not and why, the copies removed (with --ir, each fused kernel's IR and code)", false)
  .option('--shape <extents>', 'with --meta: the shape of sample grids when the function has no exampleArgs (default 64,64)', (v: string) => list(v).map(positiveInt('an extent')))
  .action(async (file: string, options) => {
    const text = options.meta ? await showMetaCommand(file, options) : await showCommand(file, options);
    process.stdout.write(text + '\n');
  });

program
  .command('tune')
  .description("time a GPU backend's strategies (block shape, rows and vectors per thread, shared-memory tiles) on random grids and keep the fastest in the disk cache")
  .argument('<file>', 'a .ts or .js module exporting stencil() functions or StencilKernel subclasses')
  .option('-b, --backend <name>', 'a GPU backend: cuda or opencl', 'cuda')
  .option('-k, --kernel <export>', 'only the kernel exported under this name')
  .requiredOption('--shape <extents>', 'grid shape, e.g. 8192,8192', (v) => list(v).map(positiveInt('an extent')))
  .option('--dtype <dtype>', `dtype of the grids (${DTYPES.join(', ')})`, dtypeArg, 'float32' as Dtype)
  .option('--param <name=value...>', 'runtime parameter values', [] as string[])
  .option('--max-candidates <n>', 'try at most this many strategies', positiveInt('the candidate count'))
  .option('--budget <ms>', 'measuring time per strategy (default 40)', positive('the budget'))
  .option('--json', 'print the reports as JSON', false)
  .option('--no-progress', 'no progress bar')
  .action(async (file: string, options) => {
    const { tuneCommand } = await import('./tune.js');
    process.stdout.write((await tuneCommand(file, options)) + '\n');
  });

program
  .command('doctor')
  .description('list the backends: which probe as usable on this machine, what they found, and why the others cannot run')
  .option('--json', 'print the report as JSON', false)
  .action((options: { json: boolean }) => {
    const report = doctorReport();
    process.stdout.write((options.json ? JSON.stringify(report, null, 2) : formatDoctor(report)) + '\n');
  });

program
  .command('bench')
  .description('time the benchmark stencils against a copy of the same bytes, hand-written JS (and, with the c backend, OpenMP C) loops, generic and pure mode, scipy.ndimage and opencv-js; with c also paper 004 Table 1 and JIT latency; write JSON, Markdown and an SVG plot')
  .option('-b, --backend <names>', 'comma-separated backends (default: every usable one)', list)
  .option('-s, --stencil <ids>', 'comma-separated stencils: jacobi2d, blur3x3, bilateral, seven3d (default: all)', list)
  .option('--size <edges>', 'comma-separated edge lengths replacing the defaults (2048,4096 for 2-D; 256 for 3-D)', (v) => list(v).map(positiveInt('a size')))
  .option('--dtype <dtypes>', 'comma-separated dtypes', (v) => list(v).map(dtypeArg), ['float32'] as Dtype[])
  .option('--budget <ms>', 'time spent on each measurement (default 2000, 250 with --quick)', positive('the budget'))
  .option('--skip <references>', `comma-separated references to leave out: ${SKIPPABLE.join(', ')} (the copy limit is always measured)`, (v) =>
    list(v).map((r) => {
      if (!(SKIPPABLE as readonly string[]).includes(r)) throw new InvalidArgumentError(`unknown reference '${r}'; choose from ${SKIPPABLE.join(', ')}`);
      return r;
    }),
  )
  .option('--quick', 'quarter-size grids and a short budget', false)
  .option('-o, --out-dir <dir>', 'where to write the results', 'bench/results')
  .option('--no-plot', 'do not render the SVG plot')
  .option('--no-progress', 'no progress bar')
  .option('--replot <json>', 'only re-render the SVG plot of an earlier result file (for results measured where the plotting libraries are not installed)')
  .action(async (options) => {
    const { runBench, writePlot, readResult } = await import('../../bench/run.js');
    if (options.replot) {
      await writePlot(readResult(options.replot), (t) => process.stdout.write(t + '\n'));
      return;
    }
    const result = await runBench({
      backends: options.backend,
      stencils: options.stencil,
      sizes: options.size,
      dtypes: options.dtype,
      budgetMs: options.budget,
      skip: options.skip,
      quick: options.quick,
      outDir: options.outDir,
      plot: options.plot,
      progress: options.progress,
    });
    await writePlot(result, (t) => process.stdout.write(t + '\n'));
  });

program
  .command('demo')
  .description('solve a 2-D heat equation on the best available backend, print timings and write the field as a PNG')
  .option('--size <n>', 'grid edge length', positiveInt('the size'), 768)
  .option('--steps <n>', 'time steps', positiveInt('steps'), 1500)
  .option('--alpha <a>', 'diffusion number α = κ·dt/h², at most 0.25 (the explicit scheme is unstable above)', (v) => {
    const a = positive('alpha')(v);
    if (a > 0.25) throw new InvalidArgumentError('must be at most 0.25: the explicit 2-D heat step is unstable above');
    return a;
  }, 0.2)
  .option('-b, --backend <name>', 'backend: auto, or a name from sejits doctor', 'auto')
  .option('-o, --output <file>', 'PNG to write', 'out/heat2d.png')
  .addOption(new Option('--colormap <name>', 'colour map').choices(['inferno', 'magma', 'viridis', 'plasma', 'turbo', 'cividis']).default('inferno'))
  .option('--no-progress', 'no progress bar')
  .action(async (options) => {
    const { runDemo } = await import('../../examples/demo.js');
    runDemo({ size: options.size, steps: options.steps, alpha: options.alpha, backend: options.backend, output: options.output, colormap: options.colormap, progress: options.progress });
  });

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`sejits: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
