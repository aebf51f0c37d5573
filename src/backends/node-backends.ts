/**
 * Registers the backends that need Node (a compiler, koffi, native libraries). The package's Node
 * entry imports this file; a browser entry leaves it out, so none of these modules reach a bundle.
 */
import { registerBackend, type BackendEntry } from './registry.js';
import { backend as cBackend } from './c/index.js';
import { backend as openclBackend } from './opencl/index.js';
import { backend as cudaBackend } from './cuda/index.js';
import { backend as webgpuBackend } from './webgpu/index.js';

export const cBackendEntry: BackendEntry = { name: 'c', preference: 10, load: () => cBackend };

/**
 * Below c for 'auto': an OpenCL device pays transfers a single call cannot win back, and on a
 * CPU (PoCL) it is slower than the c backend. Ask for it by name to keep data on a GPU.
 */
export const openclBackendEntry: BackendEntry = { name: 'opencl', preference: 5, load: () => openclBackend };

/** Above opencl (on NVIDIA GPUs it is the native path) and, like it, below c for single calls. */
export const cudaBackendEntry: BackendEntry = { name: 'cuda', preference: 6, load: () => cudaBackend };

registerBackend(cBackendEntry);
registerBackend(openclBackendEntry);
registerBackend(cudaBackendEntry);

/** Below cuda and opencl: on NVIDIA GPUs the native paths are faster; 'auto' takes it only where its probe finds an adapter. */
export const webgpuBackendEntry: BackendEntry = {
  name: 'webgpu',
  preference: 4,
  load: () => webgpuBackend,
  // A software adapter (SwiftShader, which CI asks for) is slower than js's plain loops: by name only.
  autoSkip: () => (webgpuBackend.session.adapter.fallback ? `a software adapter (${webgpuBackend.session.adapter.description}) runs it only when asked for by name` : undefined),
};
registerBackend(webgpuBackendEntry);
