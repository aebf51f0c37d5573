/** Child process: prints the backend 'auto' resolves to (run with a PATH that has no compiler). */
import { Grid, resolveBackend, stencil } from '../../src/index.js';

const k = stencil((a) => a(0) + a(1), { name: 'autoProbe' });
const out = k(Grid.fromFunction([4], 'float64', (i) => i));
process.stdout.write(`${resolveBackend('auto').name} ${Array.from(out.data).join(',')}\n`);
