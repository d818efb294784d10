package io.peerwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exported API as it is against the checked-in signature file {@code api/signatures.txt}
 * (one public or protected type or member of an unqualified-exported package per line, sorted):
 * any difference fails, so a change of the API is always on purpose. After a deliberate change,
 * rewrite the file with {@code mvn -pl p2p-signatures-lib test -Dtest=ApiSignatureTest
 * -Dapi.update=true}, review the diff and commit it. Until a first release exists there is no
 * previous artifact for japicmp or revapi to compare against; this file is that baseline.
 */
class ApiSignatureTest {

    private static final boolean UPDATE = Boolean.getBoolean("api.update");
    private static final Path FILE = Path.of(System.getProperty("basedir", ".")).resolve("api/signatures.txt");
    /** The packages the module exports to everyone, as the README and the Javadoc build name them. */
    private static final List<String> API_PACKAGES = List.of("io.peerwatch.api", "io.peerwatch.config", "io.peerwatch.core");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*(?:class|record|interface|enum|@interface)\\s",
            Pattern.MULTILINE);

    @Test
    void onlyTheApiPackagesAreExportedToEveryone() throws IOException {
        assertThat(descriptor().exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .sorted().toList()).isEqualTo(API_PACKAGES);
        assertThat(descriptor().exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .flatMap(e -> e.targets().stream()).distinct().sorted().toList())
                .as("implementation packages go only to PeerWatch's own modules")
                .allMatch(m -> m.startsWith("io.peerwatch."));
    }

    @Test
    void exportedApiMatchesTheSignatureFile() throws Exception {
        List<String> actual = signatures();
        if (UPDATE) {
            Files.createDirectories(FILE.getParent());
            Files.write(FILE, actual, StandardCharsets.UTF_8);
        }
        assertThat(FILE).as("API signature file (write it with -Dapi.update=true)").exists();
        List<String> stored = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        List<String> removed = stored.stream().filter(s -> !actual.contains(s)).toList();
        List<String> added = actual.stream().filter(s -> !stored.contains(s)).toList();
        assertThat(removed).as("signatures gone from the API (breaking); regenerate with -Dapi.update=true if meant")
                .isEmpty();
        assertThat(added).as("signatures new in the API; regenerate with -Dapi.update=true if meant").isEmpty();
        assertThat(actual).isEqualTo(stored);
    }

    /** Javadoc runs without the "missing" check on members; each exported type still needs its comment. */
    @Test
    void everyExportedTypeHasJavadoc() throws IOException {
        Path sources = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");
        List<String> undocumented = new ArrayList<>();
        for (String p : API_PACKAGES) {
            try (Stream<Path> files = Files.list(sources.resolve(p.replace('.', '/')))) {
                for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    var m = TYPE_DECLARATION.matcher(text);
                    if (f.getFileName().toString().equals("package-info.java")) {
                        if (!text.contains("/**")) {
                            undocumented.add(f.toString());
                        }
                    } else if (m.find() && !text.substring(0, m.start()).strip().endsWith("*/")) {
                        undocumented.add(f.toString());
                    }
                }
            }
        }
        assertThat(undocumented).isEmpty();
    }

    private static ModuleDescriptor descriptor() throws IOException {
        try (InputStream in = Files.newInputStream(classesDir().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    private static Path classesDir() {
        try {
            return Path.of(PacketClassifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every public or protected type and member of the exported packages, one line each, sorted. */
    static List<String> signatures() throws IOException, ClassNotFoundException {
        TreeSet<String> out = new TreeSet<>();
        Path classes = classesDir();
        for (String p : API_PACKAGES) {
            try (Stream<Path> files = Files.list(classes.resolve(p.replace('.', '/')))) {
                for (Path f : files.filter(x -> x.toString().endsWith(".class")).toList()) {
                    String name = f.getFileName().toString().replace(".class", "");
                    if (name.equals("package-info")) {
                        continue;
                    }
                    Class<?> c = Class.forName(p + "." + name, false, ApiSignatureTest.class.getClassLoader());
                    if (visible(c)) {
                        describe(c, out);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Public or protected, and so is every enclosing type. */
    private static boolean visible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!(Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers()))) {
                return false;
            }
        }
        return true;
    }

    private static void describe(Class<?> c, TreeSet<String> out) {
        String type = c.getName();
        StringBuilder t = new StringBuilder(type).append(" : ").append(c.toGenericString());
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            t.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        if (c.getGenericInterfaces().length > 0) {
            t.append(" implements ").append(String.join(", ",
                    Arrays.stream(c.getGenericInterfaces()).map(java.lang.reflect.Type::getTypeName).toList()));
        }
        out.add(t.toString());
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            member(type, k, k.toGenericString(), out);
        }
        for (Method m : c.getDeclaredMethods()) {
            if (!m.isBridge()) {
                member(type, m, m.toGenericString(), out);
            }
        }
        for (Field f : c.getDeclaredFields()) {
            member(type, f, f.toGenericString(), out);
        }
    }

    private static void member(String type, Member m, String text, TreeSet<String> out) {
        int mod = m.getModifiers();
        if (!m.isSynthetic() && (Modifier.isPublic(mod) || Modifier.isProtected(mod))) {
            out.add(type + " : " + text);
        }
    }
}
