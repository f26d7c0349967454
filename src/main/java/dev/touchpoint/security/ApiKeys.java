package dev.touchpoint.security;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.touchpoint.config.TouchpointConfig;
import io.quarkus.runtime.Startup;

/**
 * The service's three API keys: configured ({@code touchpoint.auth.*}) or, where one is not,
 * generated on first start. Generated keys are shown once, in the log of that start; the data
 * directory keeps only their SHA-256 digests ({@code api-keys.properties}), so it does not
 * leak them. Every key is compared by digest, in constant time.
 */
@Startup
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    static final String FILE_NAME = "api-keys.properties";
    private static final HexFormat HEX = HexFormat.of();

    private final Map<KeyKind, byte[]> digests = new EnumMap<>(KeyKind.class);

    @Inject
    public ApiKeys(TouchpointConfig config) throws IOException {
        Map<KeyKind, Optional<String>> configured = Map.of(
                KeyKind.WRITE, config.auth().writeKey(),
                KeyKind.READ, config.auth().readKey(),
                KeyKind.ADMIN, config.auth().adminKey());
        Path file = config.dataDir().resolve(FILE_NAME);
        Map<KeyKind, byte[]> stored = null;
        for (KeyKind kind : KeyKind.values()) {
            String key = configured.get(kind).filter(k -> !k.isBlank()).orElse(null);
            if (key != null) {
                digests.put(kind, sha256(key));
            } else {
                if (stored == null) {
                    stored = loadOrGenerate(file);
                }
                digests.put(kind, stored.get(kind));
            }
        }
    }

    /** The kind of the given key, or empty when it is none of the three. */
    public Optional<KeyKind> kindOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        KeyKind match = null;
        // Strongest first, and every comparison made, so timing tells nothing.
        for (KeyKind kind : new KeyKind[] { KeyKind.ADMIN, KeyKind.READ, KeyKind.WRITE }) {
            if (MessageDigest.isEqual(digest, digests.get(kind)) && match == null) {
                match = kind;
            }
        }
        return Optional.ofNullable(match);
    }

    static String propertyName(KeyKind kind) {
        return kind.label() + "-key.sha256";
    }

    /** The stored digests; generates (and logs, once) the keys that have none yet. */
    static Map<KeyKind, byte[]> loadOrGenerate(Path file) throws IOException {
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(in);
            }
        }
        Map<KeyKind, String> generated = new EnumMap<>(KeyKind.class);
        for (KeyKind kind : KeyKind.values()) {
            if (stored.getProperty(propertyName(kind), "").isBlank()) {
                String key = "tp_" + kind.label() + "_" + randomToken();
                generated.put(kind, key);
                stored.setProperty(propertyName(kind), HEX.formatHex(sha256(key)));
            }
        }
        if (!generated.isEmpty()) {
            write(file, stored);
            StringBuilder shown = new StringBuilder();
            generated.forEach((kind, key) -> shown.append("\n    ").append(kind.label()).append(" key: ").append(key));
            LOG.warnf("Generated API keys (shown only now; %s keeps just their SHA-256 digests, delete it to generate"
                    + " new ones, or set touchpoint.auth.*):%s", file.toAbsolutePath(), shown);
        }
        Map<KeyKind, byte[]> digests = new EnumMap<>(KeyKind.class);
        for (KeyKind kind : KeyKind.values()) {
            digests.put(kind, HEX.parseHex(stored.getProperty(propertyName(kind))));
        }
        return digests;
    }

    private static void write(Path file, Properties keys) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file system's defaults apply.
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            keys.store(out, "SHA-256 digests of Touchpoint's generated API keys (the keys were shown once, in the log)");
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
