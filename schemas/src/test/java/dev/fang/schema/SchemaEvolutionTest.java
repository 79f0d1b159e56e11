package dev.fang.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {
    @Test
    void shouldDecodeARecordWrittenWithAnOlderSchemaFillingDefaults() throws Exception {
        Schema v0 = parse("/dev/fang/schema/testhistory/PackageRelease-v0.avsc");
        GenericRecord file = new GenericData.Record(v0.getField("files").schema().getElementType());
        file.put("filename", "demo-1.0.tar.gz");
        file.put("url", "https://files.pythonhosted.org/demo-1.0.tar.gz");
        file.put("sha256", null);
        GenericRecord old = new GenericData.Record(v0);
        old.put("name", "Demo");
        old.put("normalizedName", "demo");
        old.put("version", "1.0");
        old.put("files", List.of(file));
        byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old));

        PackageRelease decoded = Topics.RELEASES.valueSerde().deserializer().deserialize(Topics.RELEASES.name(), bytes);

        assertThat(decoded.getName()).isEqualTo("Demo");
        assertThat(decoded.getEcosystem()).isEqualTo("pypi");
        assertThat(decoded.getSource()).isEqualTo("unknown");
        assertThat(decoded.getSerial()).isNull();
        assertThat(decoded.getUploadTime()).isNull();
        assertThat(decoded.getFiles()).singleElement().satisfies(f -> {
            assertThat(f.getFilename()).isEqualTo("demo-1.0.tar.gz");
            assertThat(f.getPackagetype()).isEqualTo("sdist");
            assertThat(f.getSize()).isNull();
        });
    }

    @Test
    void shouldRefuseAWriterSchemaItHasNeverSeenWithAClearReason() throws Exception {
        Schema unknown = new Schema.Parser().parse("""
                {"type":"record","name":"PackageRelease","namespace":"dev.fang.schema","fields":[
                  {"name":"name","type":"string"},{"name":"colour","type":"string"}]}""");
        GenericRecord record = new GenericData.Record(unknown);
        record.put("name", "x");
        record.put("colour", "red");
        byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unknown).encode(record));

        assertThatThrownBy(() -> Topics.RELEASES.valueSerde().deserializer().deserialize(Topics.RELEASES.name(), bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a known PackageRelease writer schema");
    }

    @Test
    void shouldKeepEveryCurrentSchemaInTheHistory() {
        for (Schema current : Topics.valueSchemas()) {
            assertThat(SchemaHistory.of(current.getFullName()))
                    .as("%s changed: run SchemaHistory.main and add the new file to %s", current.getName(), SchemaHistory.INDEX)
                    .contains(current);
        }
    }

    @Test
    void shouldReadEveryHistoricalWriterWithTheCurrentReader() {
        for (Schema current : Topics.valueSchemas()) {
            for (Schema writer : SchemaHistory.of(current.getFullName())) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, writer).getType())
                        .as("%s cannot read an older %s", current.getName(), writer.getName())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    private static Schema parse(String resource) throws Exception {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
