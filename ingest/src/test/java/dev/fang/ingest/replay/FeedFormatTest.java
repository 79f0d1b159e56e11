package dev.fang.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.schema.PackageRelease;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedFormatTest {
    @Test
    void shouldParseAFeedLineWithPyPiStyleDigests() {
        PackageRelease release = FeedFormat.parse("""
                {"name":"Requests","version":"2.32.0","upload_time":"2024-05-20T15:00:00","serial":7,
                 "files":[{"filename":"requests-2.32.0.tar.gz","url":"https://files.pythonhosted.org/r.tar.gz",
                           "digests":{"sha256":"abc"},"size":10,"packagetype":"sdist"}]}""", "replay");

        assertThat(release.getNormalizedName()).isEqualTo("requests");
        assertThat(release.getUploadTime()).isEqualTo(Instant.parse("2024-05-20T15:00:00Z"));
        assertThat(release.getSource()).isEqualTo("replay");
        assertThat(release.getSerial()).isEqualTo(7L);
        assertThat(release.getFiles()).singleElement().satisfies(file -> {
            assertThat(file.getSha256()).isEqualTo("abc");
            assertThat(file.getSize()).isEqualTo(10L);
        });
    }

    @Test
    void shouldRoundTripThroughFormat() {
        PackageRelease release = FeedFormat.parse("""
                {"name":"a","version":"1","upload_time":"2024-01-01T00:00:00Z","files":[{"filename":"a-1.whl","url":"https://x/a-1.whl","packagetype":"bdist_wheel"}]}""",
                "replay");

        assertThat(FeedFormat.parse(FeedFormat.format(release), "other")).isEqualTo(release);
    }

    @Test
    void shouldSayWhatIsWrongWithABadLine() {
        assertThatThrownBy(() -> FeedFormat.parse("{\"name\":\"a\"}", "replay")).hasMessage("missing \"version\"");
        assertThatThrownBy(() -> FeedFormat.parse("[1,2]", "replay")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> FeedFormat.parse("{\"name\":\"a\",\"version\":\"1\",\"upload_time\":\"yesterday\"}", "replay"))
                .hasMessage("upload_time 'yesterday' is not an ISO-8601 time");
        assertThatThrownBy(() -> FeedFormat.parse("{\"name\":\"a\",\"version\":\"1\",\"files\":[{\"filename\":\"x\"}]}", "replay"))
                .hasMessage("missing \"url\"");
    }

    @Test
    void shouldPaceReplaysByTheSpeedFactor() {
        assertThat(ReplaySpeed.parse("10x").delayFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReplaySpeed.parse("max").delayFor(Duration.ofHours(1))).isZero();
        assertThat(ReplaySpeed.parse("2").delayFor(Duration.ofSeconds(-5))).isZero();
        assertThatThrownBy(() -> ReplaySpeed.parse("fast")).hasMessageContaining("'fast'");
        assertThatThrownBy(() -> ReplaySpeed.parse("0x")).isInstanceOf(IllegalArgumentException.class);
    }
}
