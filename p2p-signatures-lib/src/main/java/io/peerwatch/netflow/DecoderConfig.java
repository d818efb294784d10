package io.peerwatch.netflow;

import java.time.Duration;

/**
 * Limits and timeouts of {@link FlowDecoder}, with documented defaults. All state the decoder keeps
 * (templates, sampler tables, data sets waiting for their template) is bounded by these values, so
 * a hostile or broken exporter cannot exhaust memory. Build with {@link #builder()}; setters reject
 * invalid values.
 *
 * @param templateTimeout a template not refreshed for this long is forgotten (RFC 7011 §8.4
 *     template lifetime for UDP)
 * @param pendingTimeout how long a data set whose template is unknown waits for it before it is
 *     reported as {@link DecodeErrorKind#MISSING_TEMPLATE}
 * @param maxPendingSets data sets waiting for templates, over all exporters
 * @param maxPendingBytes bytes of data sets waiting for templates, over all exporters
 * @param maxTemplates templates and options templates held, over all exporters
 * @param maxTemplatesPerDomain templates held per (exporter, observation domain)
 * @param maxDomains (exporter, version, observation domain) states held
 * @param maxTemplateFields fields a template may declare; more is treated as malformed
 * @param maxSamplers sampler ids remembered per (exporter, observation domain)
 */
public record DecoderConfig(
        Duration templateTimeout,
        Duration pendingTimeout,
        int maxPendingSets,
        int maxPendingBytes,
        int maxTemplates,
        int maxTemplatesPerDomain,
        int maxDomains,
        int maxTemplateFields,
        int maxSamplers) implements java.io.Serializable {

    /**
     * Templates are forgotten after 30 minutes without a refresh: exporters over UDP resend them
     * every few minutes (softflowd every 16 packets, Cisco every 30 minutes at the latest).
     */
    public static final Duration DEFAULT_TEMPLATE_TIMEOUT = Duration.ofMinutes(30);
    /**
     * Data sets wait 10 seconds for their template: long enough for a collector restarted in the
     * middle of a stream to receive the next template refresh of a busy exporter, short enough
     * that missing templates are reported while the operator still looks.
     */
    public static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofSeconds(10);
    /** Data sets held while waiting for templates, over all exporters. */
    public static final int DEFAULT_MAX_PENDING_SETS = 4096;
    /** Bytes held while waiting for templates, over all exporters (16 MiB). */
    public static final int DEFAULT_MAX_PENDING_BYTES = 16 << 20;
    /** Templates held over all exporters. */
    public static final int DEFAULT_MAX_TEMPLATES = 65_536;
    /** Templates held per exporter and observation domain; real exporters use a few dozen. */
    public static final int DEFAULT_MAX_TEMPLATES_PER_DOMAIN = 1024;
    /** Exporter/observation-domain states held. */
    public static final int DEFAULT_MAX_DOMAINS = 4096;
    /** Fields per template; IANA's registry has about 500 elements and real templates use under 100. */
    public static final int DEFAULT_MAX_TEMPLATE_FIELDS = 512;
    /** Sampler ids remembered per exporter and observation domain. */
    public static final int DEFAULT_MAX_SAMPLERS = 256;

    private static final DecoderConfig DEFAULTS = builder().build();

    public DecoderConfig {
        positive("templateTimeout", templateTimeout);
        positive("pendingTimeout", pendingTimeout);
        atLeast("maxPendingSets", maxPendingSets, 0);
        atLeast("maxPendingBytes", maxPendingBytes, 0);
        atLeast("maxTemplates", maxTemplates, 1);
        atLeast("maxTemplatesPerDomain", maxTemplatesPerDomain, 1);
        atLeast("maxDomains", maxDomains, 1);
        atLeast("maxTemplateFields", maxTemplateFields, 1);
        atLeast("maxSamplers", maxSamplers, 0);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    private static int atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + v);
        }
        return v;
    }

    /** The documented defaults. */
    public static DecoderConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().templateTimeout(templateTimeout).pendingTimeout(pendingTimeout)
                .maxPendingSets(maxPendingSets).maxPendingBytes(maxPendingBytes).maxTemplates(maxTemplates)
                .maxTemplatesPerDomain(maxTemplatesPerDomain).maxDomains(maxDomains)
                .maxTemplateFields(maxTemplateFields).maxSamplers(maxSamplers);
    }

    /** Builder; every setter rejects an invalid value at once. */
    public static final class Builder {
        private Duration templateTimeout = DEFAULT_TEMPLATE_TIMEOUT;
        private Duration pendingTimeout = DEFAULT_PENDING_TIMEOUT;
        private int maxPendingSets = DEFAULT_MAX_PENDING_SETS;
        private int maxPendingBytes = DEFAULT_MAX_PENDING_BYTES;
        private int maxTemplates = DEFAULT_MAX_TEMPLATES;
        private int maxTemplatesPerDomain = DEFAULT_MAX_TEMPLATES_PER_DOMAIN;
        private int maxDomains = DEFAULT_MAX_DOMAINS;
        private int maxTemplateFields = DEFAULT_MAX_TEMPLATE_FIELDS;
        private int maxSamplers = DEFAULT_MAX_SAMPLERS;

        private Builder() {
        }

        public Builder templateTimeout(Duration v) {
            positive("templateTimeout", v);
            templateTimeout = v;
            return this;
        }

        public Builder pendingTimeout(Duration v) {
            positive("pendingTimeout", v);
            pendingTimeout = v;
            return this;
        }

        /** 0 disables buffering: data without a known template is reported at once. */
        public Builder maxPendingSets(int v) {
            maxPendingSets = atLeast("maxPendingSets", v, 0);
            return this;
        }

        public Builder maxPendingBytes(int v) {
            maxPendingBytes = atLeast("maxPendingBytes", v, 0);
            return this;
        }

        public Builder maxTemplates(int v) {
            maxTemplates = atLeast("maxTemplates", v, 1);
            return this;
        }

        public Builder maxTemplatesPerDomain(int v) {
            maxTemplatesPerDomain = atLeast("maxTemplatesPerDomain", v, 1);
            return this;
        }

        public Builder maxDomains(int v) {
            maxDomains = atLeast("maxDomains", v, 1);
            return this;
        }

        public Builder maxTemplateFields(int v) {
            maxTemplateFields = atLeast("maxTemplateFields", v, 1);
            return this;
        }

        public Builder maxSamplers(int v) {
            maxSamplers = atLeast("maxSamplers", v, 0);
            return this;
        }

        public DecoderConfig build() {
            return new DecoderConfig(templateTimeout, pendingTimeout, maxPendingSets, maxPendingBytes, maxTemplates,
                    maxTemplatesPerDomain, maxDomains, maxTemplateFields, maxSamplers);
        }
    }
}
