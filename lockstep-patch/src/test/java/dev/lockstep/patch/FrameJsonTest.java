package dev.lockstep.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** FrameJson writes one line per frame in Oscilla's render frame v2 shape, numbers as the frame holds them. */
class FrameJsonTest {
    @Test
    void linesHoldTheFrameInOscillasShape() throws Exception {
        PatchProgram program =
                PatchCompiler.compile(Patch.load(ExamplePatchesTest.examples().resolve("grid-camera.json")));
        PatchPlayer player = PatchPlayer.builder(program).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RenderFrame last;
        try (FrameJson json = new FrameJson(bytes)) {
            json.write(0, player.tickAt(0));
            last = player.tickAt(33.334);
            json.write(1, last);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();
        JsonNode f = new ObjectMapper().readTree(lines[1]);
        assertThat(f.get("frame").asInt()).isEqualTo(1);
        assertThat(f.get("tAbsMs").asDouble()).isEqualTo(33.334);
        assertThat(f.get("version").asInt()).isEqualTo(2);
        JsonNode op = f.get("ops").get(0);
        DrawOp d = last.ops().get(0);
        assertThat(op.get("kind").asText()).isEqualTo(d.kind());
        assertThat(op.get("geometry").get("topologyId").asInt()).isEqualTo(d.topologyId());
        assertThat(op.get("geometry").get("params").size())
                .isEqualTo(d.paramNames().size());
        JsonNode inst = op.get("instances");
        int n = inst.get("count").asInt();
        assertThat(n).isEqualTo(d.count()).isEqualTo(400);
        assertThat(inst.get("position").size()).isEqualTo(2 * n);
        assertThat(inst.get("size").size()).isEqualTo(n);
        assertThat(inst.get("rotation").size()).isEqualTo(n);
        assertThat(inst.get("depth").size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat((float) inst.get("position").get(2 * i).asDouble()).isEqualTo(d.x(i));
            assertThat((float) inst.get("position").get(2 * i + 1).asDouble()).isEqualTo(d.y(i));
        }
        JsonNode fill = op.get("style").get("fillColor");
        assertThat(fill.size()).isEqualTo(4 * n);
        assertThat(fill.get(4 * 7 + 2).asInt()).isEqualTo(d.color(7, 2));
        assertThat(op.get("style").get("fillRule").asText()).isEqualTo("nonzero");
    }
}
