package io.peerwatch.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.LabLogs;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.signatures.MetadataKey;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WatchListTest {

    private final WatchList w = WatchList.defaults();

    @Test
    void tokenizationIsDocumentedWholeWords() {
        assertThat(WatchList.tokens("My_CV-2024 (final).PDF")).containsExactly("my", "cv", "2024", "final", "pdf");
        assertThat(WatchList.tokens("MyResumeFinal")).containsExactly("my", "resume", "final");
        assertThat(WatchList.tokens("Résumé.docx")).containsExactly("resume", "docx");
        assertThat(WatchList.tokens("cv2024")).containsExactly("cv", "2024");
    }

    @Test
    void wholeWordsOnlyCaseInsensitive() {
        assertThat(w.scanText("my CV.pdf", WatchHit.Where.TEXT)).extracting(WatchHit::term).containsExactly("cv");
        assertThat(w.scanText("cvs checkout", WatchHit.Where.TEXT)).isEmpty();
        assertThat(w.scanText("cvv code", WatchHit.Where.TEXT)).isEmpty();
        assertThat(w.scanText("resumed download", WatchHit.Where.TEXT)).isEmpty();
        assertThat(w.scanText("Privacy-Policy and CONFIDENTIAL memo", WatchHit.Where.TEXT))
                .extracting(WatchHit::term).containsExactly("policy", "confidential");
        assertThat(w.scanText("policyholder", WatchHit.Where.TEXT)).isEmpty();
    }

    @Test
    void urlsAreDecodedAndPathAndQueryAreTold() {
        List<WatchHit> h = w.scanUrl("http://search.example/find/%52esume?q=company+confidential&x=1#frag");
        assertThat(h).extracting(WatchHit::term, WatchHit::where).containsExactly(
                org.assertj.core.groups.Tuple.tuple("resume", WatchHit.Where.URL_PATH),
                org.assertj.core.groups.Tuple.tuple("confidential", WatchHit.Where.URL_QUERY));
        assertThat(h.get(1).excerpt()).isEqualTo("q=company confidential&x=1");
        assertThat(w.scanUrl("http://cv.example/index.html")).isEmpty();          // hosts are not scanned
        assertThat(w.scanUrl("cv.example:443")).isEmpty();                        // CONNECT authority
        assertThat(w.scanUrl("http://h/a%2")).isEmpty();                          // malformed escape survives
    }

    @Test
    void decoyFileNamesInP2pSearchesAndFileNames() {
        assertThat(w.scan(MetadataKey.SEARCH, "clock avi")).extracting(WatchHit::decoy, WatchHit::where)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, WatchHit.Where.P2P_SEARCH));
        assertThat(w.scan(MetadataKey.FILE_NAME, "Clock.AVI")).hasSize(1);
        assertThat(w.scan(MetadataKey.FILE_NAME, "alarmclock.avi")).isEmpty();
        assertThat(w.scan(MetadataKey.FILE_NAME, "clock.avi.exe")).hasSize(1);
        WatchDetector d = new WatchDetector(w);
        Alert f = d.inspectMetadata(IpAddress.parse("10.0.0.8"), null, 5000, "Gnutella", Map.of(
                MetadataKey.SEARCH, List.of("quarterly policy"),
                MetadataKey.FILE_NAME, List.of("clock.avi"))).orElseThrow();
        assertThat(f.type()).isEqualTo(AlertType.CONFIDENTIAL_SEARCH);
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.evidence()).extracting(e -> e.kind() + " " + e.detail()).containsExactly(
                "watch-word 'policy' in p2p search: quarterly policy",
                "decoy 'clock.avi' in p2p file name: clock.avi");
        assertThat(d.inspectMetadata(IpAddress.parse("10.0.0.8"), null, 5000, "Gnutella",
                Map.of(MetadataKey.SEARCH, List.of("linux iso")))).isEmpty();
    }

    @Test
    void proxyEntriesAndTheLabLogsStayQuiet() {
        WatchDetector d = new WatchDetector(w);
        ProxyRecord e = ProxyRecord.builder(1, IpAddress.parse("10.0.0.9"), "GET", "http://jobs.example/upload/john_resume.doc")
                .user("john").deriveDestination().build();
        Alert f = d.inspect(e).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.user()).contains("john");
        assertThat(f.evidence().get(0).detail()).isEqualTo("'resume' in url path: /upload/john_resume.doc");
        Stream.of("benign-proxy", "http-tunnel").flatMap(s -> Stream.concat(LabLogs.native_(s).stream(),
                LabLogs.combined(s).stream())).forEach(x -> assertThat(d.inspect(x)).isEmpty());
    }

    @Test
    void watchFileFormat() throws IOException {
        WatchList custom = WatchList.parse(new StringReader("# words\nsalary\nbudget plan\ndecoy Q3-forecast.xlsx\n"), "w.txt");
        assertThat(custom.words()).containsExactly("salary", "budget plan");
        assertThat(custom.decoys()).containsExactly("q3-forecast.xlsx");
        assertThat(custom.scanText("the BUDGET_PLAN 2025", WatchHit.Where.TEXT)).hasSize(1);
        assertThat(custom.scan(MetadataKey.FILE_NAME, "q3 forecast xlsx")).extracting(WatchHit::decoy).containsExactly(true);
        assertThat(WatchList.defaults().extendedWith(custom).words()).contains("cv", "salary");
        assertThatThrownBy(() -> WatchList.parse(new StringReader("ok\n--\n"), "w.txt")).hasMessageStartingWith("w.txt:2: ");
    }
}
