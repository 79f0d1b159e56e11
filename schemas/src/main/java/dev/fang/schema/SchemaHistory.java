package dev.fang.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every writer schema a Fang record was ever published with. Decoders register them all, so a record
 * written by an older producer still decodes (into the current reader schema, with defaults).
 *
 * <p>Each classpath resource named {@value #INDEX} lists schema files, one resource path per line. When a
 * schema changes, snapshot the new one with {@code SchemaHistory.main} and add it to the index; a test
 * fails until that is done.
 */
public final class SchemaHistory {
    public static final String INDEX = "dev/fang/schema/history/index.txt";
    private static final List<Schema> ALL = load();

    private SchemaHistory() {
    }

    /** All known writer schemas of the record with this full name. */
    public static List<Schema> of(String fullName) {
        return ALL.stream().filter(schema -> schema.getFullName().equals(fullName)).toList();
    }

    private static List<Schema> load() {
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        List<Schema> schemas = new ArrayList<>();
        try {
            Enumeration<URL> indexes = loader.getResources(INDEX);
            while (indexes.hasMoreElements()) {
                for (String path : lines(indexes.nextElement().openStream())) {
                    try (InputStream in = loader.getResourceAsStream(path)) {
                        if (in == null) {
                            throw new IllegalStateException("schema history lists " + path + " but it is not on the classpath");
                        }
                        schemas.add(new Schema.Parser().parse(in));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema history", e);
        }
        return List.copyOf(schemas);
    }

    private static List<String> lines(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }

    /** Writes the current schema of each record to {@code DIR/<Name>/v<N>.avsc}: run when a schema changes. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "schemas/src/main/resources/dev/fang/schema/history");
        for (Schema schema : Topics.valueSchemas()) {
            Path recordDir = dir.resolve(schema.getName());
            Files.createDirectories(recordDir);
            boolean known = of(schema.getFullName()).stream().anyMatch(schema::equals);
            if (!known) {
                long versions;
                try (var existing = Files.list(recordDir)) {
                    versions = existing.count();
                }
                Path file = recordDir.resolve("v" + (versions + 1) + ".avsc");
                Files.writeString(file, schema.toString(true) + "\n");
                System.out.println("wrote " + file + " — add dev/fang/schema/history/" + schema.getName() + "/" + file.getFileName() + " to " + INDEX);
            }
        }
    }
}
