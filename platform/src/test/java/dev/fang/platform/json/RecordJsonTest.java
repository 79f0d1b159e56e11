package dev.fang.platform.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fang.schema.AvroSerde;
import dev.fang.schema.ConsumerKind;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
    @Test
    void shouldRenderUnionsTimesBytesAndEnumsPlainly() throws Exception {
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage("ingest").setReason("bad").setOriginalValue(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)))
                .setSourceOffset(42L).setTime(Instant.parse("2024-05-01T10:00:00Z")).build();

        JsonNode json = new ObjectMapper().readTree(RecordJson.toJson(letter));

        assertThat(json.get("reason").asText()).isEqualTo("bad");
        assertThat(json.get("sourceOffset").asLong()).isEqualTo(42L);
        assertThat(json.get("sourceTopic").isNull()).isTrue();
        assertThat(json.get("originalValue").asText()).isEqualTo("aGk=");
        assertThat(json.get("time").asText()).isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void shouldRenderEnumsAndArrays() throws Exception {
        AvroSerde.trustFangRecords();   // the policy is built before any serde exists
        ConsumerPolicy policy = ConsumerPolicy.newBuilder().setConsumerId("acme").setKind(ConsumerKind.ENTERPRISE)
                .setTargetFpr(0.1).setAlertTopic("fang.alerts.enterprise").setPackageAllowList(List.of("requests")).build();

        JsonNode json = new ObjectMapper().readTree(RecordJson.toJson(policy));

        assertThat(json.get("kind").asText()).isEqualTo("ENTERPRISE");
        assertThat(json.get("packageAllowList").get(0).asText()).isEqualTo("requests");
        assertThat(json.get("targetFpr").asDouble()).isEqualTo(0.1);
    }
}
