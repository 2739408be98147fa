package org.plegdf.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One SLF4J provider with Spark: its log4j2. The core's logback must stay off this module's class path. */
class LoggingSetupTest {
    @Test
    void slf4jLogsThroughSparksLog4j2AndLogbackIsAbsent() {
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).startsWith("org.apache.logging.slf4j");
        assertThatThrownBy(() -> Class.forName("ch.qos.logback.classic.LoggerContext")).isInstanceOf(ClassNotFoundException.class);
        assertThat(PlegdfSpark.class.getResource("log4j2-plegdf-spark.properties")).isNotNull();
    }
}
