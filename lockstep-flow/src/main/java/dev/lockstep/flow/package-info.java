/**
 * lockstep-flow: an HTTP/1.1 server on lockstep-io whose request pipelines ask the runtime for
 * effects. A request runs a pipeline of steps; a step reads and writes typed slots and returns a
 * decision; a decision can ask for effects, which the runtime runs in parallel or in sequence,
 * joins, times out, retries, compensates and traces, then resumes the pipeline. Guides:
 * docs/flow.md (the module), docs/flow-pipeline.md (pipelines, effects and their runtime).
 */
package dev.lockstep.flow;
