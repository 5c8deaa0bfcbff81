/** JMH benchmarks and the runner behind {@code lockstep bench}. */
package dev.lockstep.bench;
