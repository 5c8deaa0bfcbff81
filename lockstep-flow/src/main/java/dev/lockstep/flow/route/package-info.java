/** Routing: path patterns with literal, {@code :param} and {@code *rest} segments; query strings. */
package dev.lockstep.flow.route;
