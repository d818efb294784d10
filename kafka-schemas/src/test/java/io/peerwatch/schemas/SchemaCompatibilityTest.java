package io.peerwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every topic schema must stay readable both ways against its first published version (kept in
 * main resources under io/peerwatch/schemas/history/v1, which the codec also decodes): new
 * readers read old data and old readers read new data.
 */
class SchemaCompatibilityTest {

    static Stream<Class<? extends SpecificRecordBase>> records() {
        return Stream.of(FlowRecord.class, PacketEvent.class, ProxyRecord.class, Alert.class, DeadLetter.class);
    }

    private static Schema current(Class<? extends SpecificRecordBase> c) throws Exception {
        return (Schema) c.getField("SCHEMA$").get(null);
    }

    private static Schema v1(Class<?> c) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/io/peerwatch/schemas/history/v1/" + c.getSimpleName() + ".avsc")) {
            assertThat(in).as("v1 schema of %s", c.getSimpleName()).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void currentSchemaIsBackwardAndForwardCompatibleWithV1(Class<? extends SpecificRecordBase> c) throws Exception {
        Schema now = current(c);
        Schema old = v1(c);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, old).getType())
                .as("new reader, v1 writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, now).getType())
                .as("v1 reader, new writer").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void everyFieldIsDocumented() throws Exception {
        for (Class<? extends SpecificRecordBase> c : records().toList()) {
            Schema s = current(c);
            assertThat(s.getDoc()).as(c.getSimpleName()).isNotBlank();
            for (Schema.Field f : s.getFields()) {
                assertThat(f.doc()).as("%s.%s", c.getSimpleName(), f.name()).isNotBlank();
            }
        }
    }

    @Test
    void addingAFieldWithADefaultStaysCompatibleButWithoutOneDoesNot() throws Exception {
        Schema base = current(FlowRecord.class);
        Schema withDefault = extend(base, "vlan_id", true);
        Schema withoutDefault = extend(base, "vlan_id", false);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withDefault, base).getType())
                .as("new reader with default reads old data").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(base, withDefault).getType())
                .as("old reader ignores the new field").isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withoutDefault, base).getType())
                .as("a field without default breaks old data").isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void enumsHaveADefaultSymbolSoNewSymbolsDoNotBreakOldReaders() throws Exception {
        Schema type = current(Alert.class).getField("alert_type").schema();
        assertThat(type.getEnumDefault()).isEqualTo("UNKNOWN");
        List<String> more = new java.util.ArrayList<>(type.getEnumSymbols());
        more.add("NEW_KIND_FROM_THE_FUTURE");
        Schema newer = Schema.createEnum(type.getName(), type.getDoc(), type.getNamespace(), more, "UNKNOWN");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(type, newer).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema extend(Schema base, String name, boolean withDefault) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(withDefault
                ? new Schema.Field(name, Schema.create(Schema.Type.INT), "802.1Q VLAN id", 0)
                : new Schema.Field(name, Schema.create(Schema.Type.INT), "802.1Q VLAN id"));
        Schema s = Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false);
        s.setFields(fields);
        return s;
    }
}
