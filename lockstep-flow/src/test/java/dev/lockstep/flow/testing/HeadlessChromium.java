package dev.lockstep.flow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for page tests: {@link #dom} loads a URL, runs its scripts and
 * returns the serialised DOM. {@link #unavailable()} says why it cannot run here (no chromium on
 * the PATH or at /usr/bin/chromium), which tests use as their skip reason.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {}

    public static String unavailable() {
        return binary() == null ? "Chromium is not installed (apt-get install chromium)" : null;
    }

    /** The DOM after the page's scripts ran, as HTML. */
    public static String dom(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("lockstep-chromium");
        try {
            Process p = new ProcessBuilder(List.of(
                            binary().toString(),
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--user-data-dir=" + profile,
                            "--virtual-time-budget=5000",
                            "--dump-dom",
                            url))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("chromium did not finish loading " + url + " in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("chromium exited with " + p.exitValue() + " loading " + url);
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Path binary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(d.isEmpty() ? "." : d).resolve(name);
                if (!d.isEmpty() && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        Path fixed = Path.of("/usr/bin/chromium");
        return Files.isExecutable(fixed) ? fixed : null;
    }
}
