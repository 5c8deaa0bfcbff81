/** The HTTP front of lockstep-flow: routes to pipelines, run on the flow runtime. */
package dev.lockstep.flow.server;
