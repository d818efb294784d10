package io.peerwatch.notice;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * An alert: a verdict about one host in one window, as the library's detectors hand it to the notice
 * framework (Zeek's {@code Notice::Info}, in Java); suppression decides which are published.
 *
 * @param id deterministic id ({@link AlertIds})
 * @param type what was found
 * @param host the internal host the alert is about
 * @param user the authenticated user, when known
 * @param eventTimeMs when it happened (event time, epoch ms)
 * @param windowStartMs start of the detection window (inclusive)
 * @param windowEndMs end of the detection window (exclusive)
 * @param protocol the protocol or application named by the evidence, when there is one
 * @param severity how bad
 * @param confidence 0..1, how sure the detector is
 * @param evidence what was seen, most telling first
 * @param bytes bytes involved in the window
 * @param estimatedCost estimated money cost, in {@code currency}: an exact decimal, never a binary float
 * @param currency ISO 4217 code of {@code estimatedCost}
 * @param distinctPeers distinct remote addresses involved
 * @param identifier the suppression identifier: with (type, host) it names "the same alert"
 * @param suppressForMs how long repeats of this alert are suppressed
 * @param context the one connection or request behind the alert, as far as the evidence tells
 *     ({@link AlertContext#NONE} for alerts about a window of many)
 */
public record Alert(
        String id,
        AlertType type,
        IpAddress host,
        Optional<String> user,
        long eventTimeMs,
        long windowStartMs,
        long windowEndMs,
        Optional<String> protocol,
        Severity severity,
        double confidence,
        List<Evidence> evidence,
        long bytes,
        BigDecimal estimatedCost,
        String currency,
        long distinctPeers,
        String identifier,
        long suppressForMs,
        AlertContext context) {

    /** The paper's tariff currency, used when no tariff is configured. */
    public static final String DEFAULT_CURRENCY = "AUD";

    public Alert {
        if (id == null || type == null || host == null || user == null || protocol == null || severity == null
                || evidence == null || estimatedCost == null || currency == null || identifier == null || context == null) {
            throw new IllegalArgumentException("alert fields must not be null");
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within 0..1: " + confidence);
        }
        if (windowEndMs < windowStartMs) {
            throw new IllegalArgumentException("window ends before it starts");
        }
        if (bytes < 0 || distinctPeers < 0 || suppressForMs < 0 || estimatedCost.signum() < 0) {
            throw new IllegalArgumentException("negative bytes, peers, cost or suppression interval");
        }
        if (currency.length() != 3) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code: '" + currency + "'");
        }
        evidence = List.copyOf(evidence);
    }

    /** This alert with another estimated cost (the id stays: cost is not part of what the alert is). */
    public Alert withCost(BigDecimal amount, String currencyCode) {
        return new Alert(id, type, host, user, eventTimeMs, windowStartMs, windowEndMs, protocol, severity, confidence,
                evidence, bytes, amount, currencyCode, distinctPeers, identifier, suppressForMs, context);
    }

    /** Starts an alert; the id is computed by {@link Builder#build()}. */
    public static Builder builder(AlertType type, IpAddress host, long windowStartMs, long windowEndMs) {
        return new Builder(type, host, windowStartMs, windowEndMs);
    }

    /** Builder for {@link Alert}: the id is derived, never set by hand. */
    public static final class Builder {
        private final AlertType type;
        private final IpAddress host;
        private final long windowStartMs;
        private final long windowEndMs;
        private Optional<String> user = Optional.empty();
        private long eventTimeMs;
        private Optional<String> protocol = Optional.empty();
        private Severity severity = Severity.MEDIUM;
        private double confidence = 1.0;
        private List<Evidence> evidence = List.of();
        private long bytes;
        private BigDecimal estimatedCost = BigDecimal.ZERO;
        private String currency = DEFAULT_CURRENCY;
        private long distinctPeers;
        private String identifier;
        private long suppressForMs;
        private AlertContext context = AlertContext.NONE;

        private Builder(AlertType type, IpAddress host, long windowStartMs, long windowEndMs) {
            this.type = type;
            this.host = host;
            this.windowStartMs = windowStartMs;
            this.windowEndMs = windowEndMs;
            this.eventTimeMs = windowStartMs;
            this.identifier = host == null ? "" : host.toString();
        }

        public Builder user(String v) {
            user = Optional.ofNullable(v).filter(s -> !s.isEmpty());
            return this;
        }

        public Builder eventTime(long v) {
            eventTimeMs = v;
            return this;
        }

        public Builder protocol(String v) {
            protocol = Optional.ofNullable(v).filter(s -> !s.isEmpty());
            return this;
        }

        public Builder severity(Severity v) {
            severity = v;
            return this;
        }

        public Builder confidence(double v) {
            confidence = v;
            return this;
        }

        public Builder evidence(List<Evidence> v) {
            evidence = v;
            return this;
        }

        public Builder bytes(long v) {
            bytes = v;
            return this;
        }

        /** Sets the estimated cost and its ISO 4217 currency. */
        public Builder cost(BigDecimal amount, String currencyCode) {
            estimatedCost = amount;
            currency = currencyCode;
            return this;
        }

        public Builder distinctPeers(long v) {
            distinctPeers = v;
            return this;
        }

        /** The suppression identifier; defaults to the host's text form. */
        public Builder identifier(String v) {
            identifier = v;
            return this;
        }

        public Builder suppressFor(long millis) {
            suppressForMs = millis;
            return this;
        }

        /** The connection or request behind the alert (not part of the id). */
        public Builder context(AlertContext v) {
            context = v;
            return this;
        }

        /** @throws IllegalArgumentException when a field is invalid */
        public Alert build() {
            if (type == null || host == null) {
                throw new IllegalArgumentException("alert needs a type and a host");
            }
            String id = AlertIds.of(type, host, windowStartMs, identifier);
            return new Alert(id, type, host, user, eventTimeMs, windowStartMs, windowEndMs, protocol, severity,
                    confidence, evidence, bytes, estimatedCost, currency, distinctPeers, identifier, suppressForMs, context);
        }
    }
}
