package dev.fang.platform.consumers;

import dev.fang.schema.AvroSerde;
import dev.fang.schema.ConsumerKind;
import dev.fang.schema.ConsumerPolicy;
import dev.fang.schema.Topics;
import java.util.List;

/** The two audiences Fang serves out of the box, at the operating points each can afford. */
public final class DefaultConsumers {
    static {
        AvroSerde.trustFangRecords();   // the policies below are built before any serde may exist
    }

    /** PyPI's maintainers review by hand: a couple of false alarms a day out of ~2,500 releases. */
    public static final ConsumerPolicy PYPI_MAINTAINERS = ConsumerPolicy.newBuilder()
            .setConsumerId("pypi-maintainers")
            .setKind(ConsumerKind.PYPI_MAINTAINER)
            .setTargetFpr(0.001)
            .setAlertTopic(Topics.ALERTS_PYPI_MAINTAINERS.name())
            .build();

    /** Enterprise security teams vet what their company uses and can afford more noise to miss less. */
    public static final ConsumerPolicy ENTERPRISE = ConsumerPolicy.newBuilder()
            .setConsumerId("enterprise")
            .setKind(ConsumerKind.ENTERPRISE)
            .setTargetFpr(0.10)
            .setAlertTopic(Topics.ALERTS_ENTERPRISE.name())
            .build();

    private DefaultConsumers() {
    }

    public static List<ConsumerPolicy> all() {
        return List.of(PYPI_MAINTAINERS, ENTERPRISE);
    }
}
