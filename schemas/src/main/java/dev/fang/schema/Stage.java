package dev.fang.schema;

import java.util.Locale;

/** The pipeline's stages; each has a dead-letter topic and a Kafka Streams application id. */
public enum Stage {
    INGEST, FEATURIZE, CLASSIFY, ALERTING;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
