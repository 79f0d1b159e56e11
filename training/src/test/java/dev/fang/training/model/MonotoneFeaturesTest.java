package dev.fang.training.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.training.dataset.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonotoneFeaturesTest {
    @Test
    void countsAndMaximaGrowWithCodeWhileDensitiesSharesAndEntropiesOfAFileDoNot() {
        assertThat(List.of("install_api_cmd_shell", "import_url_distinct", "import_lines_max", "install_string_entropy_max",
                "import_dec_payload_depth_max", "install_hook_cmdclass", "pkg_ext_exe")).allMatch(MonotoneFeatures::growsWithCode);
        assertThat(List.of("install_op_plus", "import_identifier_entropy_max", "import_identifier_length_mean_max",
                "install_long_line_share_max", "import_whitespace_share_min", "import_parse_quality_mean", "install_apiobf_only_hidden"))
                .noneMatch(MonotoneFeatures::growsWithCode);
    }

    @Test
    void everyCatalogueFeatureGetsAConstraintAndMostAreConstrained() {
        String[] constraints = MonotoneFeatures.constraints(FeatureCatalogue.names()).split(",");
        assertThat(constraints).hasSize(FeatureCatalogue.size()).containsOnly("0", "1");
        assertThat(List.of(constraints).stream().filter("1"::equals).count()).isGreaterThan(FeatureCatalogue.size() / 2);
    }

    @Test
    void onlyTheChosenFeaturesThatGrowWithCodeAreConstrained() {
        List<String> names = List.of("import_url_distinct", "import_op_plus", "install_api_cmd_shell", "import_ip_public_distinct");
        assertThat(MonotoneFeatures.constraints(names, name -> name.startsWith("import_"))).isEqualTo("1,0,0,1");
    }

    @Test
    void aConstrainedModelNeverScoresLowerWhenAFeatureGrowsEvenWhereTheDataSaysOtherwise() {
        // Feature 0 negated: in this data more of it means *less* malicious, which an unconstrained model learns.
        Dataset plain = Synthetic.dataset(80, 2.0, false, 7);
        int n = plain.rows().size();
        double[] columns = plain.columns().clone();
        for (int row = 0; row < n; row++) {
            columns[row] = -columns[row];
        }
        Dataset inverted = new Dataset(plain.catalogueVersion(), plain.featureNames(), plain.rows(), columns);
        String allUp = MonotoneFeatures.constraints(plain.featureNames().stream().map(name -> "install_api_x").toList());

        TrainingResult constrained = new Trainer(Synthetic.fastConfig(3).withMonotoneConstraints(allUp)).train(inverted);
        TrainingResult free = new Trainer(Synthetic.fastConfig(3)).train(inverted);

        double[] probe = new double[plain.featureNames().size()];
        java.util.Arrays.fill(probe, 1.0);
        try (Scorer monotone = constrained.newScorer(); Scorer unconstrained = free.newScorer()) {
            double previous = Double.NEGATIVE_INFINITY;
            for (double value = -4; value <= 4; value += 0.25) {
                probe[0] = value;
                double score = monotone.score(probe);
                assertThat(score).as("feature 0 = %s", value).isGreaterThanOrEqualTo(previous);
                previous = score;
            }
            probe[0] = -3;
            double low = unconstrained.score(probe);
            probe[0] = 3;
            assertThat(unconstrained.score(probe)).as("the unconstrained model does learn the decreasing relation").isLessThan(low);
        }
    }
}
