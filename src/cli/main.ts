#!/usr/bin/env node
/** The `sejits` command. */
import { Command, InvalidArgumentError } from 'commander';
import { isDtype } from '../dtype.js';
import { showCommand } from './show.js';

const program = new Command();
program.name('sejits').description('Selective Embedded Just-In-Time Specialization for TypeScript stencils').showHelpAfterError();

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3) throw new InvalidArgumentError('must be 1, 2 or 3');
  return n;
};

program
  .command('show')
  .description('print the generated code of the kernels a module exports, and with --ir the IR after each pass')
  .argument('<file>', 'a .ts or .js module exporting stencil() functions or StencilKernel subclasses')
  .option('-b, --backend <name>', 'backend to render for', 'js')
  .option('--ir', 'also print the IR after each pass', false)
  .option('--generic', 'generic mode: no partial evaluation or region splitting', false)
  .option('-k, --kernel <export>', 'only the kernel exported under this name')
  .option('--ndim <n>', 'dimensionality of the sample grids when the kernel does not fix it', positiveInt)
  .option('--dtype <dtype>', 'dtype of the sample grids (float32, float64, int32, uint8)', (v) => {
    if (!isDtype(v)) throw new InvalidArgumentError('must be float32, float64, int32 or uint8');
    return v;
  })
  .action(async (file: string, options) => {
    process.stdout.write((await showCommand(file, options)) + '\n');
  });

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`sejits: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
