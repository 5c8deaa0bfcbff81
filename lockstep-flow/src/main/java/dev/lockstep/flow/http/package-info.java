/**
 * The HTTP/1.1 server of lockstep-flow (RFC 9110, 9112) on lockstep-io: {@link
 * dev.lockstep.flow.http.HttpServer} with its builder and limits, {@link
 * dev.lockstep.flow.http.HttpRequest}, {@link dev.lockstep.flow.http.HttpResponse} (complete,
 * streaming and Server-Sent Events), {@link dev.lockstep.flow.http.HttpHandler}. A handler runs in
 * the connection's I/O task and may use lockstep-io's blocking-style operations. Guide:
 * docs/flow-http.md.
 */
package dev.lockstep.flow.http;
