package dev.fang.robustness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPython as a test oracle. {@link #parsesAll} only parses; {@link #run} executes a script, and is used only on
 * the benign test programs written for these tests, never on package samples.
 */
final class Python {
    private static final long TIMEOUT_SECONDS = 30;

    record Result(int exitCode, String stdout, String stderr) { }

    private Python() {
    }

    /** Runs a one-line snippet of our own, e.g. to ask the interpreter where its standard library is. */
    static Result eval(String code) throws IOException, InterruptedException {
        return exec(null, "", "python3", "-c", code);
    }

    /** Parses every {@code .py} file under {@code dir} in one interpreter; a failure names the file. */
    static Result parsesAll(Path dir) throws IOException, InterruptedException {
        return exec(null, "", "python3", "-c", "import ast,pathlib,sys\n"
                + "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.py')): ast.parse(p.read_bytes(), str(p))", dir.toString());
    }

    static Result run(Path dir, String script) throws IOException, InterruptedException {
        return exec(dir, "", "python3", "-B", script);
    }

    private static Result exec(Path dir, String stdin, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(command));
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().put("PYTHONHASHSEED", "0");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        // Output of the benign programs is small, so reading after the exit cannot dead-lock on a full pipe.
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("python3 did not finish in " + TIMEOUT_SECONDS + " s: " + command[command.length - 1]);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
