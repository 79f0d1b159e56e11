package dev.fang.training.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {
    /** 1,000 benign scores 0.000, 0.001, ..., 0.999, shuffled. */
    private static final double[] THOUSAND = IntStream.range(0, 1000).map(i -> (i * 7919) % 1000).mapToDouble(i -> i / 1000.0).toArray();

    @Test
    void thresholdsOnAKnownTable() {
        Calibration c = Calibration.of(THOUSAND);
        // 0.1% of 1,000 = 1 allowed: only 0.999 may reach the threshold, so it sits just above 0.998
        assertThat(c.thresholdFor(0.001)).isEqualTo(Math.nextUp(0.998));
        assertThat(c.fprAt(c.thresholdFor(0.001))).isEqualTo(0.001);
        // 1% = 10 allowed: 0.990 ... 0.999
        assertThat(c.thresholdFor(0.01)).isEqualTo(Math.nextUp(0.989));
        assertThat(c.fprAt(c.thresholdFor(0.01))).isEqualTo(0.01);
        // 10% = 100 allowed
        assertThat(c.thresholdFor(0.10)).isEqualTo(Math.nextUp(0.899));
        assertThat(c.fprAt(c.thresholdFor(0.10))).isEqualTo(0.10);
        // a threshold one step lower would exceed the target: it is the smallest
        assertThat(c.fprAt(0.989)).isEqualTo(0.011);
        // between steps, the FPR allowed rounds down: 0.15% of 1,000 = 1.5 -> 1
        assertThat(c.thresholdFor(0.0015)).isEqualTo(c.thresholdFor(0.001));
        // 0 and below the resolution: nothing in the table is flagged
        assertThat(c.thresholdFor(0.0)).isEqualTo(Math.nextUp(0.999));
        assertThat(c.thresholdFor(0.0005)).isEqualTo(Math.nextUp(0.999));
        assertThat(c.fprAt(c.thresholdFor(0.0005))).isZero();
        assertThat(c.resolves(0.0005)).isFalse();
        assertThat(c.resolves(0.001)).isTrue();
        assertThat(c.resolution()).isEqualTo(0.001);
    }

    @Test
    void floatingPointTargetsCountWholePackages() {
        double[] hundred = IntStream.range(0, 100).mapToDouble(i -> i).toArray();
        Calibration c = Calibration.of(hundred);
        // 0.29 * 100 is 28.999999999999996 in doubles; it still allows 29 packages
        assertThat(c.thresholdFor(0.29)).isEqualTo(Math.nextUp(70.0));
        assertThat(c.fprAt(c.thresholdFor(0.29))).isEqualTo(0.29);
    }

    @Test
    void tiesFallBelowTheThreshold() {
        // scores: 0.1 x5, 0.5 x3, 0.9 x2 (n = 10)
        Calibration c = Calibration.of(new double[] {0.5, 0.1, 0.9, 0.1, 0.5, 0.1, 0.9, 0.1, 0.5, 0.1});
        assertThat(c.thresholdFor(0.2)).isEqualTo(Math.nextUp(0.5));   // 2 allowed: exactly the two 0.9s
        assertThat(c.thresholdFor(0.3)).isEqualTo(Math.nextUp(0.5));   // 3 allowed: taking a 0.5 takes all three -> stay at 2
        assertThat(c.fprAt(c.thresholdFor(0.3))).isEqualTo(0.2);
        assertThat(c.thresholdFor(0.5)).isEqualTo(Math.nextUp(0.1));   // 5 allowed: the 0.9s and 0.5s
        assertThat(c.fprAt(0.5)).isEqualTo(0.5);
        assertThat(c.fprAt(0.9)).isEqualTo(0.2);
        assertThat(c.fprAt(0.0)).isEqualTo(1.0);
        assertThat(c.fprAt(1.0)).isZero();
    }

    @Test
    void fprIsMonotoneAndNeverAboveTheTarget() {
        Calibration c = Calibration.of(THOUSAND);
        double previous = Double.POSITIVE_INFINITY;
        for (double target = 0; target < 1; target += 0.0137) {
            double threshold = c.thresholdFor(target);
            assertThat(c.fprAt(threshold)).isLessThanOrEqualTo(target + 1e-12);
            assertThat(threshold).isLessThanOrEqualTo(previous);
            previous = threshold;
        }
    }

    @Test
    void roundTripsThroughTheFile(@TempDir Path dir) throws Exception {
        double[] scores = {0.1 + 1e-17, 1.0 / 3, 2e-9, 0.9999999999999999};
        Calibration c = Calibration.of(scores, new String[] {"deb:a", "deb:b", "src:c", "graalpy:d"});
        c.write(dir.resolve(Calibration.FILE));
        Calibration back = Calibration.read(dir.resolve(Calibration.FILE));
        assertThat(back.scores()).containsExactly(c.scores());
        assertThat(back.topIds(2)).containsExactly("graalpy:d", "deb:b");
        assertThat(back.thresholdFor(0.25)).isEqualTo(c.thresholdFor(0.25));
    }

    @Test
    void rejectsBadTargets() {
        Calibration c = Calibration.of(THOUSAND);
        assertThatThrownBy(() -> c.thresholdFor(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.thresholdFor(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Calibration.of(new double[0]).thresholdFor(0.01)).isInstanceOf(IllegalStateException.class);
    }
}
