package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lockstep patch run} and {@code render} on the repository's examples and, when present, Oscilla's patches. */
class PatchCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** The repository's examples/ folder (the tests run in lockstep-cli). */
    static Path example(String name) {
        Path p = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && p != null; i++, p = p.getParent()) {
            Path c = p.resolve("examples").resolve(name);
            if (Files.exists(c)) {
                return c;
            }
        }
        throw new IllegalStateException(
                "examples/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Oscilla's patch NAME in ../shared/patches/oscilla (or -Dlockstep.oscilla.patches), or the test is skipped. */
    static Path oscilla(String name) {
        String prop = System.getProperty("lockstep.oscilla.patches");
        Path found = null;
        if (prop != null) {
            found = Path.of(prop).resolve(name + ".json");
        } else {
            Path p = Path.of("").toAbsolutePath();
            for (int i = 0; i < 4 && p != null && found == null; i++, p = p.getParent()) {
                Path c = p.resolveSibling("shared").resolve("patches").resolve("oscilla");
                if (Files.isDirectory(c)) {
                    found = c.resolve(name + ".json");
                }
            }
        }
        assumeTrue(
                found != null && Files.exists(found),
                "Oscilla patches not found: set -Dlockstep.oscilla.patches=DIR or put them in "
                        + "../shared/patches/oscilla beside the repository; this test is skipped");
        return found;
    }

    private List<JsonNode> lines(Path file) throws Exception {
        ObjectMapper m = new ObjectMapper();
        return Files.readAllLines(file).stream()
                .map(l -> {
                    try {
                        return m.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + l, e);
                    }
                })
                .toList();
    }

    @Test
    void runDumpsOneFrameV2LinePerFrame() throws Exception {
        Path dump = dir.resolve("frames.jsonl");
        assertThat(run(
                        "patch",
                        "run",
                        example("spiral-5k.json").toString(),
                        "--frames",
                        "4",
                        "--dt",
                        "20",
                        "--dump",
                        dump.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("wrote 4 frames (20,000 instances) to " + dump);
        List<JsonNode> frames = lines(dump);
        assertThat(frames).hasSize(4);
        for (int f = 0; f < 4; f++) {
            JsonNode frame = frames.get(f);
            assertThat(frame.get("frame").asInt()).isEqualTo(f);
            assertThat(frame.get("tAbsMs").asDouble()).isEqualTo(f * 20.0);
            assertThat(frame.get("version").asInt()).isEqualTo(2);
            JsonNode op = frame.get("ops").get(0);
            assertThat(op.get("kind").asText()).isEqualTo("drawPrimitiveInstances");
            assertThat(op.get("geometry").get("topologyId").asInt()).isZero();
            assertThat(op.get("geometry").get("params").get("rx").asDouble()).isEqualTo(0.004); // the patch's Ellipse
            assertThat(op.get("instances").get("count").asInt()).isEqualTo(5000);
            assertThat(op.get("instances").get("position").size()).isEqualTo(10_000);
            assertThat(op.get("style").get("fillColor").size()).isEqualTo(20_000);
        }
        assertThat(frames.get(1).get("ops").get(0).get("instances").get("position"))
                .isNotEqualTo(frames.get(2).get("ops").get(0).get("instances").get("position"));
    }

    @Test
    void runIsAFunctionOfPatchSeedAndDt() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path c = dir.resolve("c.jsonl");
        String patch = example("grid-camera.json").toString();
        assertThat(run("patch", "run", patch, "--frames", "3", "--seed", "7", "--dump", a.toString()))
                .isZero();
        assertThat(run("patch", "run", patch, "--frames", "3", "--seed", "7", "--dump", b.toString()))
                .isZero();
        assertThat(run("patch", "run", patch, "--frames", "3", "--dt", "100", "--dump", c.toString()))
                .isZero();
        assertThat(Files.readString(a)).isEqualTo(Files.readString(b)).isNotEqualTo(Files.readString(c));
    }

    /**
     * The conformance check through the command itself: {@code lockstep patch run --oscilla}
     * on each Oscilla patch with reference frames, every stored frame compared (positions within
     * 1e-4, colours within 1 of 255, counts and topologies equal). OSCILLA mode reproduces Oscilla's
     * quirks (lockstep-patch's OscillaConformanceTest names them); the tolerance is not widened.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "golden-spiral",
                "orbital-rings",
                "domain-test",
                "tile-grid-uv",
                "mouse-spiral",
                "perspective-camera",
                "path-field-demo"
            })
    void patchRunMatchesOscillasReferenceFrames(String name) throws Exception {
        Path patch = oscilla(name);
        Path ref = patch.resolveSibling("reference").resolve(name + ".jsonl.gz");
        assumeTrue(Files.exists(ref), "no reference frames beside " + patch);
        List<JsonNode> expected = new java.util.ArrayList<>();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(ref));
                var r = new java.io.BufferedReader(
                        new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
            ObjectMapper json = new ObjectMapper();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                expected.add(json.readTree(line));
            }
        }
        int frames = expected.get(expected.size() - 1).get("frame").asInt() + 1;
        Path dump = dir.resolve(name + ".jsonl");
        assertThat(run(
                        "patch",
                        "run",
                        patch.toString(),
                        "--frames",
                        Integer.toString(frames),
                        "--oscilla",
                        "--dump",
                        dump.toString()))
                .as(err.toString())
                .isZero();
        List<JsonNode> got = lines(dump);
        for (JsonNode e : expected) {
            int f = e.get("frame").asInt();
            JsonNode g = got.get(f);
            String at = name + " frame " + f;
            assertThat(g.get("tAbsMs").asDouble())
                    .as(at)
                    .isEqualTo(e.get("tAbsMs").asDouble());
            assertThat(g.get("ops").size())
                    .as(at + " ops")
                    .isEqualTo(e.get("ops").size());
            for (int k = 0; k < e.get("ops").size(); k++) {
                JsonNode eo = e.get("ops").get(k);
                JsonNode go = g.get("ops").get(k);
                assertThat(go.get("geometry").get("topologyId").asInt())
                        .as(at)
                        .isEqualTo(eo.get("geometry").get("topologyId").asInt());
                assertThat(go.get("instances").get("count").asInt())
                        .as(at)
                        .isEqualTo(eo.get("instances").get("count").asInt());
                JsonNode ep = eo.get("instances").get("position");
                JsonNode gp = go.get("instances").get("position");
                double worst = 0;
                for (int i = 0; i < ep.size(); i++) {
                    worst = Math.max(
                            worst, Math.abs(gp.get(i).asDouble() - ep.get(i).asDouble()));
                }
                assertThat(worst).as(at + " max position error").isLessThanOrEqualTo(1e-4);
                JsonNode ec = eo.get("style").get("fillColor");
                JsonNode gc = go.get("style").get("fillColor");
                int worstC = 0;
                for (int i = 0; i < ec.size(); i++) {
                    worstC = Math.max(
                            worstC, Math.abs(gc.get(i).asInt() - ec.get(i).asInt()));
                }
                assertThat(worstC).as(at + " max colour error").isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void renderWritesAnAnimatedGifWithOneImagePerFrame() throws Exception {
        Path gif = dir.resolve("spiral.gif");
        assertThat(run(
                        "patch",
                        "render",
                        example("spiral-5k.json").toString(),
                        "--frames",
                        "3",
                        "--size",
                        "96x64",
                        "--out",
                        gif.toString()))
                .as(err.toString())
                .isZero();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            BufferedImage first = reader.read(0);
            assertThat(first.getWidth()).isEqualTo(96);
            assertThat(first.getHeight()).isEqualTo(64);
            String meta = dump(reader.getImageMetadata(1).getAsTree("javax_imageio_gif_image_1.0"));
            assertThat(meta).contains("delayTime=2"); // 16.667 ms rounds to 2 hundredths
            reader.dispose();
        }
    }

    @Test
    void renderWritesNumberedPngsThatShowTheInstances() throws Exception {
        Path pngs = dir.resolve("frames");
        assertThat(run(
                        "patch",
                        "render",
                        example("grid-camera.json").toString(),
                        "--frames",
                        "2",
                        "--size",
                        "80x60",
                        "--out",
                        pngs.toString()))
                .as(err.toString())
                .isZero();
        assertThat(pngs.resolve("frame-00000.png")).exists();
        assertThat(pngs.resolve("frame-00001.png")).exists();
        assertThat(pngs.resolve("frame-00002.png")).doesNotExist();
        BufferedImage img = ImageIO.read(pngs.resolve("frame-00000.png").toFile());
        assertThat(img.getWidth()).isEqualTo(80);
        int lit = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                lit += (img.getRGB(x, y) & 0xFFFFFF) != 0 ? 1 : 0;
            }
        }
        assertThat(lit).as("pixels drawn").isGreaterThan(100);
    }

    @Test
    void aBrokenPatchFailsWithTheCompilersMessage() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(
                bad, Files.readString(example("spiral-5k.json")).replace("\"GoldenAngle\"", "\"NoSuchBlock\""));
        assertThat(run(
                        "patch",
                        "run",
                        bad.toString(),
                        "--frames",
                        "2",
                        "--dump",
                        dir.resolve("x.jsonl").toString()))
                .isEqualTo(PatchCommand.FAILED);
        assertThat(err.toString())
                .startsWith("lockstep patch: block angle: ")
                .contains("NoSuchBlock"); // the GoldenAngle block's id
    }

    @Test
    void aFileThatIsNotAPatchFailsNamingTheFile() throws Exception {
        Path bad = dir.resolve("notjson.json");
        Files.writeString(bad, "{ nope");
        assertThat(run(
                        "patch",
                        "render",
                        bad.toString(),
                        "--frames",
                        "1",
                        "--out",
                        dir.resolve("o.gif").toString()))
                .isEqualTo(PatchCommand.FAILED);
        assertThat(err.toString()).contains("lockstep patch: ").contains("notjson.json");
        assertThat(run(
                        "patch",
                        "run",
                        dir.resolve("missing.json").toString(),
                        "--frames",
                        "1",
                        "--dump",
                        dir.resolve("y.jsonl").toString()))
                .isEqualTo(PatchCommand.FAILED);
        assertThat(err.toString()).contains("missing.json");
    }

    @Test
    void oscillasDeliberatelyBrokenPatchFailsCleanly() {
        Path patch = oscilla("error-isolation-demo");
        assertThat(run(
                        "patch",
                        "run",
                        patch.toString(),
                        "--frames",
                        "1",
                        "--dump",
                        dir.resolve("z.jsonl").toString()))
                .isEqualTo(PatchCommand.FAILED);
        assertThat(err.toString()).startsWith("lockstep patch: ").doesNotContain("Exception");
    }

    @Test
    void badUsageIsExitCode2() {
        String patch = example("spiral-5k.json").toString();
        assertThat(run("patch", "run", patch, "--frames", "0", "--dump", "x.jsonl"))
                .isEqualTo(2);
        assertThat(run("patch", "render", patch, "--frames", "1", "--size", "12", "--out", "x.gif"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--frames must be 1 or more").contains("--size must be WxH");
    }

    private static String dump(org.w3c.dom.Node n) {
        StringBuilder sb = new StringBuilder(n.getNodeName());
        if (n.getAttributes() != null) {
            for (int i = 0; i < n.getAttributes().getLength(); i++) {
                sb.append(' ')
                        .append(n.getAttributes().item(i).getNodeName())
                        .append('=')
                        .append(n.getAttributes().item(i).getNodeValue());
            }
        }
        for (var c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            sb.append('\n').append(dump(c));
        }
        return sb.toString();
    }
}
