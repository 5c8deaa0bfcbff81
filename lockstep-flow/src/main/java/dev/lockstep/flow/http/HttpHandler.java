package dev.lockstep.flow.http;

/**
 * Answers a request. It runs in the I/O runtime's task for the connection (a coroutine), so it may
 * call lockstep-io's blocking-style operations ({@code IoRuntime.current().sleep}, sockets, files,
 * channels): they suspend this connection only. A handler that throws gets a 500 (the exception is
 * logged); one that reads a body that turns out malformed or too large gets that error's status,
 * whatever it returns.
 */
@FunctionalInterface
public interface HttpHandler {
    HttpResponse handle(HttpRequest request);
}
