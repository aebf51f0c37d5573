/**
 * Registers the backends that need Node (a compiler, koffi, native libraries). The package's Node
 * entry imports this file; a browser entry leaves it out, so none of these modules reach a bundle.
 */
import { registerBackend } from './registry.js';
import { backend as cBackend } from './c/index.js';

registerBackend({ name: 'c', preference: 10, load: () => cBackend });
