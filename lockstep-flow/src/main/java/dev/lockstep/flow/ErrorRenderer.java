package dev.lockstep.flow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Turns a {@link FlowError} into the response the client sees. */
@FunctionalInterface
public interface ErrorRenderer {
    FlowResponse render(FlowError error);

    /**
     * The default: status {@code error.status()}, body {@code {"error":{"code":S,"what":W,"key":K}}}
     * where {@code code} is the status as a number and {@code key} is null when the error has none.
     */
    ErrorRenderer JSON = error -> {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode e = root.putObject("error");
        e.put("code", error.status());
        e.put("what", error.what());
        if (error.key() == null) {
            e.putNull("key");
        } else {
            e.put("key", error.key());
        }
        return FlowResponse.json(error.status(), root.toString());
    };
}
