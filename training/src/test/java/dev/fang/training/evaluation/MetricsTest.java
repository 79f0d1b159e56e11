package dev.fang.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void aucByHand() {
        // malicious 0.9 and 0.8 beat all four benign; 0.4 beats 0.1, 0.3, 0.2 but not 0.5: 11 of 12 pairs
        assertThat(Metrics.rocAuc(new double[] {0.9, 0.8, 0.4}, new double[] {0.1, 0.3, 0.5, 0.2})).isCloseTo(11.0 / 12, within(1e-15));
        // ties count one half: 0.5 vs 0.5 is half a pair
        assertThat(Metrics.rocAuc(new double[] {0.5}, new double[] {0.5, 0.1})).isEqualTo(0.75);
        assertThat(Metrics.rocAuc(new double[] {0.1}, new double[] {0.9})).isZero();
        assertThat(Metrics.rocAuc(new double[0], new double[] {0.9})).isNaN();
    }

    @Test
    void ratesCountScoresAtOrAboveTheThreshold() {
        double[] scores = {0.1, 0.5, 0.5, 0.9};
        assertThat(Metrics.rateAtOrAbove(scores, 0.5)).isEqualTo(0.75);
        assertThat(Metrics.rateAtOrAbove(scores, Math.nextUp(0.5))).isEqualTo(0.25);
        assertThat(Metrics.rateAtOrAbove(scores, 1.0)).isZero();
    }

    @Test
    void rocCurveRunsFromOriginToOne() {
        double[][] curve = Metrics.rocCurve(new double[] {0.9, 0.8, 0.4}, new double[] {0.1, 0.3, 0.5, 0.2});
        assertThat(curve[0][0]).isZero();
        assertThat(curve[1][0]).isZero();
        assertThat(curve[0][curve[0].length - 1]).isEqualTo(1.0);
        assertThat(curve[1][curve[1].length - 1]).isEqualTo(1.0);
        // at threshold 0.8 (second distinct score from the top): 2 of 3 malicious, no benign
        assertThat(curve[0][2]).isZero();
        assertThat(curve[1][2]).isCloseTo(2.0 / 3, within(1e-15));
        // trapezoid area equals the Mann-Whitney AUC
        double area = 0;
        for (int i = 1; i < curve[0].length; i++) {
            area += (curve[0][i] - curve[0][i - 1]) * (curve[1][i] + curve[1][i - 1]) / 2;
        }
        assertThat(area).isCloseTo(11.0 / 12, within(1e-12));
    }
}
