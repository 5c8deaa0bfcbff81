package dev.lockstep.bench;

/**
 * A measured value that could not be placed in a row: a peer without Lockstep's side, a method
 * with neither annotation, a second {@code @Ours} for the same result, or a peer in a unit that
 * cannot be converted. It is kept in the report (JSON {@code unpaired}) with the reason.
 *
 * @param benchmark the JMH benchmark
 * @param name the result name, or {@code null} for a method without annotations
 * @param side {@code ours}, {@code peer} or {@code none}
 * @param peer the peer's name, or {@code null}
 * @param value the median
 * @param unit its unit
 * @param reason why it is not in a row
 */
record Unpaired(String benchmark, String name, String side, String peer, double value, String unit, String reason) {}
