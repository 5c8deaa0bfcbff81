/**
 * Implementation detail of the HTTP server, not API: the incremental request parser ({@link
 * dev.lockstep.flow.http.internal.Http1Parser}), character classes, the Date cache and target
 * decoding.
 */
package dev.lockstep.flow.http.internal;
