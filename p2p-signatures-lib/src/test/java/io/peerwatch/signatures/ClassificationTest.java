package io.peerwatch.signatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationTest {

    @Test
    void metadataIteratesInKeyOrderWhateverTheInputOrder() {
        Map<MetadataKey, List<String>> in = new LinkedHashMap<>();
        in.put(MetadataKey.NOTE, List.of("n"));
        in.put(MetadataKey.SEARCH, List.of("b", "a"));
        in.put(MetadataKey.INFO_HASH, List.of("h"));
        in.put(MetadataKey.CLIENT, List.of("c"));
        Classification c = new Classification(SignatureId.BITTORRENT_PEER_WIRE, Protocol.BITTORRENT, ConfidenceKind.PAYLOAD,
                0.95, 1, in);
        assertThat(new ArrayList<>(c.metadata().keySet()))
                .containsExactly(MetadataKey.INFO_HASH, MetadataKey.CLIENT, MetadataKey.SEARCH, MetadataKey.NOTE);
        assertThat(c.metadata().get(MetadataKey.SEARCH)).as("value order kept").containsExactly("b", "a");
        assertThat(c.metadata().toString()).isEqualTo("{INFO_HASH=[h], CLIENT=[c], SEARCH=[b, a], NOTE=[n]}");
        assertThatThrownBy(() -> c.metadata().put(MetadataKey.NICK, List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void copiesAreDetachedAndNullsRejected() {
        List<String> values = new ArrayList<>(List.of("x"));
        Map<MetadataKey, List<String>> in = new LinkedHashMap<>(Map.of(MetadataKey.NICK, values));
        Map<MetadataKey, List<String>> copy = Classification.orderedCopy(in);
        values.add("y");
        in.clear();
        assertThat(copy).containsExactly(Map.entry(MetadataKey.NICK, List.of("x")));
        assertThat(Classification.orderedCopy(Map.of())).isEmpty();
        Map<MetadataKey, List<String>> withNull = new LinkedHashMap<>();
        withNull.put(MetadataKey.NICK, Arrays.asList("a", null));
        assertThatThrownBy(() -> Classification.orderedCopy(withNull)).isInstanceOf(NullPointerException.class);
    }
}
