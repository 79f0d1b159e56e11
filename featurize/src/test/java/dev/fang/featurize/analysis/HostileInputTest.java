package dev.fang.featurize.analysis;

import static dev.fang.featurize.analysis.Analyze.source;
import static dev.fang.featurize.analysis.ConstantFoldingTest.b64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.parser.PythonFrontEnd;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Inputs built to exhaust the analyzer: it must stop at its bounds, say so, and never throw. */
class HostileInputTest {

    private static final int MIB = 1 << 20;

    private static void assertBounded(ModuleAnalysis a, ModuleAnalyzer.Limits limits) {
        assertThat(a.strings()).filteredOn(StringConstant::decoded)
                .allSatisfy(s -> assertThat(s.value().length()).isLessThanOrEqualTo(limits.maxValueChars()));
        assertThat(a.apiUses()).allSatisfy(u -> assertThat(u.snippet().length()).isLessThanOrEqualTo(ModuleAnalysis.SNIPPET_CHARS));
        assertThat(a.payloads()).allSatisfy(p -> assertThat(p.depth()).isLessThanOrEqualTo(limits.maxDepth()));
    }

    @Test
    void aFiveMegabyteBase64ConstantStopsAtTheValueBound() {
        byte[] noise = new byte[5 * MIB];
        new Random(42).nextBytes(noise);
        String code = "import base64\nblob = base64.b64decode('" + b64(noise) + "')\n";
        ModuleAnalysis a = source(code);
        assertThat(a.truncated()).isTrue();
        assertThat(a.strings()).noneMatch(StringConstant::decoded);
        assertBounded(a, ModuleAnalyzer.Limits.defaults());
    }

    @Test
    void aDecompressionBombStopsAtTheSizeBound() {
        // one gigabyte of zeros, deflated to about a megabyte
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION);
        byte[] zeros = new byte[MIB];
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 1024; i++) {
            d.setInput(zeros);
            while (!d.needsInput()) {
                out.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        String code = "import zlib, base64\nexec(zlib.decompress(base64.b64decode('" + b64(out.toByteArray()) + "')))\n";
        ModuleAnalysis a = source(code);
        assertThat(a.truncated()).isTrue();
        assertThat(a.payloads()).isEmpty();
        assertThat(a.apiUses()).extracting(ApiUse::api).contains("builtins.exec", "zlib.decompress", "base64.b64decode");
        assertBounded(a, ModuleAnalyzer.Limits.defaults());
    }

    @Test
    void aHundredThousandFoldConcatenationFolds() {
        StringBuilder sb = new StringBuilder("x = 'a'");
        for (int i = 1; i < 100_000; i++) {
            sb.append(" + 'a'");
        }
        ModuleAnalysis a = source(sb.append('\n').toString());
        assertThat(a.strings()).anySatisfy(s -> assertThat(s.value()).hasSize(100_000));
        assertThat(a.truncated()).isFalse();
    }

    @Test
    void selfReferentialAssignmentsTerminate() {
        StringBuilder sb = new StringBuilder("x = x + 'a'\ny = 'ab'\n");
        for (int i = 0; i < 200; i++) {
            sb.append("y = y + y\n");
        }
        sb.append("while True:\n    z = z + 'a'\n    x += x\n");
        ModuleAnalysis a = source(sb.toString());
        assertThat(a.truncated()).isTrue();   // y doubles past the value bound
        assertBounded(a, ModuleAnalyzer.Limits.defaults());
    }

    @Test
    void quadraticAppendingIsCutByTheFoldingBudget() {
        StringBuilder sb = new StringBuilder("s = ''\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append("s += 'abcdefghijklmnopqrstuvwxyz0123456789'\n");
        }
        ModuleAnalysis a = source(sb.toString());
        assertThat(a.truncated()).isTrue();
        assertBounded(a, ModuleAnalyzer.Limits.defaults());
    }

    @Test
    void payloadsNestedDeeperThanTheLimitStopThere() {
        String code = "import os\nos.system('id')\n";
        for (int i = 0; i < 12; i++) {
            code = "import base64\nexec(base64.b64decode('" + b64(code) + "'))\n";
        }
        ModuleAnalysis a = source(code);
        assertThat(a.truncated()).isTrue();
        assertThat(a.apiUses()).noneMatch(u -> u.api().equals("os.system"));
        assertThat(a.apiUses()).extracting(ApiUse::depth).contains(4).allMatch(depth -> depth <= 4);
        assertBounded(a, ModuleAnalyzer.Limits.defaults());
    }

    @Test
    void deeplyNestedExpressionsAndLongAttributeChainsAreBounded() {
        String parens = "x = " + "(".repeat(190) + "'a' + 'b'" + ")".repeat(190) + "\n";
        String chain = "import os\nos" + ".path".repeat(50_000) + ".join(a)\n";
        String nots = "y = " + "not ".repeat(20_000) + "x\n";
        String lists = "z = " + "[".repeat(190) + "]".repeat(190) + "\n";
        ModuleAnalysis a = source(parens + chain + nots + lists);
        assertThat(a.strings()).anySatisfy(s -> assertThat(s.value()).isEqualTo("ab"));
        assertThat(a.apiUses()).allSatisfy(u -> assertThat(u.api().length()).isLessThan(Evaluator.MAX_API_CHARS + 10));
    }

    @Test
    void aHugeComprehensionIsCutByTheFoldingBudget() {
        ModuleAnalyzer small = new ModuleAnalyzer(new ModuleAnalyzer.Limits(4, MIB, MIB, 8L * MIB, 10_000,
                Duration.ofSeconds(30), 100_000, 3_000), PythonFrontEnd.Limits.defaults(), true);
        ModuleAnalysis a = Analyze.source(small, "x = bytes([b ^ 1 for b in range(200000) if b < 256])\n");
        assertThat(a.truncated()).isTrue();
    }

    @Test
    void aSpentTimeBudgetEndsTheAnalysisWithTruncated() {
        ModuleAnalyzer hurried = new ModuleAnalyzer(new ModuleAnalyzer.Limits(4, MIB, MIB, 8L * MIB, 20_000_000,
                Duration.ofNanos(1), 500_000, 3_000), PythonFrontEnd.Limits.defaults(), true);
        StringBuilder sb = new StringBuilder("import os\n");
        for (int i = 0; i < 5_000; i++) {
            sb.append("os.system('x' + 'y')\n");
        }
        ModuleAnalysis a = Analyze.source(hurried, sb.toString());
        assertThat(a.truncated()).isTrue();
        assertThat(a.apiUses().size()).isLessThan(5_000);
    }

    @Test
    void tooManyRecordsAreCappedAndFlagged() {
        ModuleAnalyzer capped = new ModuleAnalyzer(new ModuleAnalyzer.Limits(4, MIB, MIB, 8L * MIB, 20_000_000,
                Duration.ofSeconds(30), 100, 3_000), PythonFrontEnd.Limits.defaults(), true);
        ModuleAnalysis a = Analyze.source(capped, "import os\n" + "os.getpid()\n".repeat(500));
        assertThat(a.apiUses()).hasSize(100);
        assertThat(a.truncated()).isTrue();
    }

    @Test
    void garbageBrokenCodeAndNullNeverThrow() {
        ModuleAnalyzer lenient = new ModuleAnalyzer();
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        assertThat(lenient.analyze("noise.py", noise)).isNotNull();
        assertThat(lenient.analyze(null)).isNotNull();
        assertThat(lenient.analyze("x.py", null)).isNotNull();
        String broken = "import os\ndef f(:\n    os.system(\nexec(base64.b64decode('aW1wb3J0IG9z'\nclass (:\n"
                + "x = [1, 2\ngetattr(os, )(\n__import__()\nglobals()[]\nf'{'\nlambda: (yield)\n";
        ModuleAnalysis a = lenient.analyze("broken.py", broken.getBytes(StandardCharsets.UTF_8));
        assertThat(a.parsed().report().syntaxErrors()).isPositive();
    }
}
