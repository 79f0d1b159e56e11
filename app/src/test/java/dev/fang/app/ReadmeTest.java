package dev.fang.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.platform.config.FangConfig.Setting;
import dev.fang.schema.Topic;
import dev.fang.schema.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's tables are what users configure and consume from; they must match the code. */
class ReadmeTest {
    private static String readme() throws Exception {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void shouldDocumentEverySettingWithItsDefault() throws Exception {
        String readme = readme();
        for (Setting setting : Setting.values()) {
            String shown = setting.defaultValue().isEmpty() ? "*(empty)*" : "`" + setting.defaultValue() + "`";
            assertThat(readme).as("README row for %s", setting.key()).contains("| `" + setting.key() + "` | " + shown + " |");
        }
    }

    @Test
    void shouldDocumentEveryTopic() throws Exception {
        String readme = readme();
        for (Topic<String, ?> topic : Topics.all()) {
            String name = topic.name().startsWith("fang.dlq.") ? "fang.dlq.<stage>" : topic.name();
            assertThat(readme).contains("`" + name + "`").contains("`" + topic.valueType().getSimpleName() + "`");
        }
    }
}
