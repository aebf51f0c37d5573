/**
 * Registers the backends that need Node (a compiler, koffi, native libraries). The package's Node
 * entry imports this file; a browser entry leaves it out, so none of these modules reach a bundle.
 */
import { registerBackend, type BackendEntry } from './registry.js';
import { backend as cBackend } from './c/index.js';

export const cBackendEntry: BackendEntry = { name: 'c', preference: 10, load: () => cBackend };

registerBackend(cBackendEntry);
