/**
 * The worker thread that owns Dawn in Node (plain JavaScript, run with `eval`, so bundles need no
 * second file). WebGPU is asynchronous and its promises settle only on the event loop of the
 * thread that made them, while the backend contract is synchronous (a grid's `data` is an ordinary
 * typed array). So Dawn lives here: the main thread posts requests in order, and for the few that
 * need an answer (allocation, compilation, reads, synchronize) it sleeps in Atomics.wait until this
 * thread has replied on a MessagePort that it then reads with receiveMessageOnPort.
 *
 * Launches, writes and fills are not answered: their validation errors (error scopes) are kept
 * and reported with the next answered request, so a broken launch fails the next read at latest.
 */
export const DAWN_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { port, flag, webgpuUrl, vulkanLibrary, koffiPath } = workerData;
const state = { device: undefined, buffers: new Map(), pipelines: new Map(), uniforms: new Map(), groups: new Map(), pending: [], errors: [], stamps: undefined, submits: 0, launches: 0, flushAt: 1, batchLimit: 0 };

function reply(message, transfer) {
  port.postMessage(message, transfer ?? []);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function watch(promise, what) {
  const p = promise.then((e) => { if (e) state.errors.push(what + ': ' + e.message); }, (e) => state.errors.push(what + ': ' + (e && e.message || e)));
  state.pending.push(p);
}

async function settle() {
  const pending = state.pending.splice(0);
  await Promise.all(pending);
  const errors = state.errors.splice(0);
  return errors.length ? errors.join('\n') : undefined;
}

async function init(options) {
  if (vulkanLibrary) {
    // dlopen("libvulkan.so.1") inside Dawn finds a library already loaded under that soname.
    try { require(koffiPath).load(vulkanLibrary); } catch (e) { return { error: 'could not load ' + vulkanLibrary + ': ' + e.message }; }
  }
  let mod;
  try { mod = await import(webgpuUrl); } catch (e) { return { error: 'the webgpu package (Dawn) does not load: ' + e.message.split('\n')[0] + '; install it with npm install webgpu' }; }
  Object.assign(globalThis, mod.globals);
  let adapter;
  try {
    const gpu = mod.create(options.dawn ?? []);
    state.gpu = gpu;
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { error: 'Dawn found no adapter: ' + String(e && e.message || e).replace(/\s+/g, ' ') };
  }
  if (!adapter) return { error: 'no-adapter' };
  const info = adapter.info ?? {};
  const L = adapter.limits;
  const requiredLimits = {};
  for (const name of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupStorageSize']) requiredLimits[name] = L[name];
  state.batchLimit = options.batchLimit || 0;
  const stamping = options.timestamps && adapter.features.has('timestamp-query');
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures: stamping ? ['timestamp-query'] : [] });
  if (stamping) {
    // Each batch's compute pass writes its start and end; slot i resolves at byte 256·i.
    state.stamps = { slots: 1024, next: 0, set: device.createQuerySet({ type: 'timestamp', count: 2048 }), resolve: device.createBuffer({ size: 1024 * 256, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }), ns: 0, first: 0n, last: 0n, passes: 0, dispatches: 0, reads: [] };
  }
  device.lost.then((l) => state.errors.push('the device was lost: ' + l.message));
  device.onuncapturederror = (ev) => state.errors.push(ev.error.message);
  state.device = device;
  const limits = {};
  for (const name of Object.keys(requiredLimits)) limits[name] = device.limits[name];
  return { timestamps: Boolean(stamping), adapter: { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '', fallback: Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter) }, limits };
}

function allocate(m) {
  const d = state.device;
  d.pushErrorScope('out-of-memory');
  d.pushErrorScope('validation');
  const buffer = d.createBuffer({ size: m.bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  return Promise.all([d.popErrorScope(), d.popErrorScope()]).then(([validation, oom]) => {
    if (oom || validation) { buffer.destroy(); return { ok: false, reason: (oom || validation).message }; }
    state.buffers.set(m.id, buffer);
    return { ok: true };
  });
}

async function compile(m) {
  const d = state.device;
  d.pushErrorScope('validation');
  const module = d.createShaderModule({ code: m.source, label: m.label });
  const info = await module.getCompilationInfo();
  const scopeError = await d.popErrorScope();
  const messages = info.messages.filter((x) => x.type === 'error').map((x) => ({ line: x.lineNum, column: x.linePos, message: x.message }));
  if (messages.length || scopeError) return { messages, error: scopeError ? scopeError.message : undefined };
  const entries = [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } }];
  for (let i = 0; i < m.inputs; i++) entries.push({ binding: entries.length, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } });
  for (let k = 0; k < m.outputs; k++) entries.push({ binding: entries.length, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
  for (let k = 0; k < (m.aliases ?? 0); k++) entries.push({ binding: entries.length, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } });
  const layout = d.createBindGroupLayout({ entries });
  try {
    const pipeline = await d.createComputePipelineAsync({ label: m.label, layout: d.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: m.entry } });
    state.pipelines.set(m.key, { pipeline, layout });
    return { messages: [] };
  } catch (e) {
    return { messages: [], error: e.message };
  }
}

function uniform(bytes) {
  // Launches repeat the same few uniform blocks (one per shape and parameter set): keep them.
  const key = Array.from(new Uint32Array(bytes)).join(',');
  let b = state.uniforms.get(key);
  if (!b) {
    if (state.uniforms.size > 4096) { state.uniforms.clear(); state.groups.clear(); }
    b = { buffer: state.device.createBuffer({ size: bytes.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }), id: state.uniforms.size };
    state.device.queue.writeBuffer(b.buffer, 0, bytes);
    state.uniforms.set(key, b);
  }
  return b;
}

function dispatch(m) {
  const d = state.device;
  const p = state.pipelines.get(m.key);
  const u = uniform(m.uniform);
  const gkey = m.key + '|' + u.id + '|' + m.buffers.join(',');
  let group = state.groups.get(gkey);
  if (!group) {
    const entries = [{ binding: 0, resource: { buffer: u.buffer } }];
    for (const id of m.buffers) entries.push({ binding: entries.length, resource: { buffer: state.buffers.get(id) } });
    group = d.createBindGroup({ layout: p.layout, entries });
    state.groups.set(gkey, group);
  }
  // Launches posted back to back share one command buffer (one compute pass, Dawn's barriers between
  // dispatches): a submit per launch left the GPU idle between kernels for about as long as a
  // small kernel runs. The batch goes out before any other request and whenever the queue drains,
  // and once it holds state.flushAt launches: 1 after a synchronize (the GPU is idle), doubling
  // with each submit up to 64. A first batch of 64 kept an idle H100 waiting about 1.5 ms while the
  // host posted them (11 % of a 100-launch Jacobi batch at 8192²).
  if (!state.batch) {
    d.pushErrorScope('validation');
    const enc = d.createCommandEncoder();
    const ts = state.stamps;
    const slot = ts ? ts.next++ % ts.slots : -1;
    const pass = enc.beginComputePass(ts ? { timestampWrites: { querySet: ts.set, beginningOfPassWriteIndex: 2 * slot, endOfPassWriteIndex: 2 * slot + 1 } } : undefined);
    state.batch = { enc, pass, labels: [], slot };
    if (!state.batchLimit) setImmediate(flush);
  }
  const pass = state.batch.pass;
  pass.setPipeline(p.pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(m.groups[0], m.groups[1], 1);
  state.batch.labels.push(m.label);
  if (state.batch.labels.length >= (state.batchLimit || state.flushAt)) flush();
}

function flush() {
  const b = state.batch;
  if (!b) return;
  state.batch = undefined;
  b.pass.end();
  const ts = state.stamps;
  let staging;
  if (ts) {
    staging = state.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    b.enc.resolveQuerySet(ts.set, 2 * b.slot, 2, ts.resolve, 256 * b.slot);
    b.enc.copyBufferToBuffer(ts.resolve, 256 * b.slot, staging, 0, 16);
  }
  state.device.queue.submit([b.enc.finish()]);
  state.flushAt = Math.min(64, 2 * state.flushAt);
  state.submits++;
  state.launches += b.labels.length;
  if (staging) {
    const dispatches = b.labels.length;
    ts.reads.push(staging.mapAsync(GPUMapMode.READ).then(() => {
      const t = new BigUint64Array(staging.getMappedRange());
      if (t[1] > t[0]) {
        ts.ns += Number(t[1] - t[0]);
        if (!ts.first || t[0] < ts.first) ts.first = t[0];
        if (t[1] > ts.last) ts.last = t[1];
        ts.passes++;
        ts.dispatches += dispatches;
      }
      staging.unmap();
      staging.destroy();
    }));
  }
  const labels = [...new Set(b.labels)];
  watch(state.device.popErrorScope(), labels.length === 1 ? labels[0] : labels.join(', '));
}

async function read(m) {
  const d = state.device;
  const staging = d.createBuffer({ size: m.bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = d.createCommandEncoder();
  enc.copyBufferToBuffer(state.buffers.get(m.id), 0, staging, 0, m.bytes);
  d.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const data = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  return data;
}

const trace = process.env.SEJITS_WEBGPU_TRACE === '1';
async function handle(m) {
  if (m.op !== 'dispatch') flush();
  if (trace) require('node:fs').writeSync(2, '[dawn worker] ' + m.op + (m.label ? ' ' + m.label : '') + (m.id ? ' #' + m.id : '') + '\n');
  switch (m.op) {
    case 'init': return reply(await init(m));
    case 'allocate': return reply(await allocate(m));
    case 'release': {
      state.buffers.get(m.id)?.destroy();
      state.buffers.delete(m.id);
      state.groups.clear();
      return;
    }
    case 'write': {
      state.device.queue.writeBuffer(state.buffers.get(m.id), 0, m.data);
      return;
    }
    case 'zero': {
      const enc = state.device.createCommandEncoder();
      enc.clearBuffer(state.buffers.get(m.id), 0, m.bytes);
      state.device.queue.submit([enc.finish()]);
      return;
    }
    case 'copy': {
      const enc = state.device.createCommandEncoder();
      enc.copyBufferToBuffer(state.buffers.get(m.src), 0, state.buffers.get(m.dst), 0, m.bytes);
      state.device.queue.submit([enc.finish()]);
      return;
    }
    case 'compile': return reply(await compile(m));
    case 'dispatch': return dispatch(m);
    case 'read': {
      const data = await read(m);
      state.flushAt = 1;
      return reply({ data, error: await settle() }, [data]);
    }
    case 'sync': {
      await state.device.queue.onSubmittedWorkDone();
      state.flushAt = 1;
      return reply({ error: await settle() });
    }
    case 'quiesce': {
      // The process is exiting: finish everything queued so that it ends with this thread idle.
      if (state.device) {
        await state.device.queue.onSubmittedWorkDone();
        if (state.stamps) await Promise.all(state.stamps.reads.splice(0));
        await settle();
      }
      return reply({});
    }
    case 'gpu-time': {
      // GPU time of the compute passes since the last request (their dispatches and the barriers between them).
      const ts = state.stamps;
      const submitted = { submits: state.submits, launches: state.launches };
      state.submits = 0;
      state.launches = 0;
      if (!ts) return reply({ ns: -1, ...submitted });
      await state.device.queue.onSubmittedWorkDone();
      await Promise.all(ts.reads.splice(0));
      // The span from the first pass's start to the last one's end: beside the busy time, the GPU's
      // idle gaps between passes (submits).
      const out = { ...submitted, ns: ts.ns, spanNs: ts.last > ts.first ? Number(ts.last - ts.first) : 0, passes: ts.passes, dispatches: ts.dispatches };
      Object.assign(ts, { ns: 0, first: 0n, last: 0n, passes: 0, dispatches: 0 });
      return reply(out);
    }
    case 'close': {
      state.device?.destroy();
      process.exit(0);
    }
  }
}

// Requests run one after another, in the order they were posted.
let chain = Promise.resolve();
parentPort.on('message', (m) => {
  chain = chain.then(() => handle(m)).catch((e) => {
    if (m.answer) reply({ error: 'internal: ' + (e && e.stack || e) });
    else state.errors.push(m.op + ': ' + (e && e.message || e));
  });
});
`;
