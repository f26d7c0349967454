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
 * generated on first start and kept in {@code <data-dir>/api-keys.properties}. Keys are held
 * as SHA-256 digests and compared in constant time.
 */
@Startup
@ApplicationScoped
public class ApiKeys {

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    static final String FILE_NAME = "api-keys.properties";

    private final Map<KeyKind, byte[]> digests = new EnumMap<>(KeyKind.class);

    @Inject
    public ApiKeys(TouchpointConfig config) throws IOException {
        Map<KeyKind, Optional<String>> configured = Map.of(
                KeyKind.WRITE, config.auth().writeKey(),
                KeyKind.READ, config.auth().readKey(),
                KeyKind.ADMIN, config.auth().adminKey());
        Path file = config.dataDir().resolve(FILE_NAME);
        Properties generated = null;
        for (KeyKind kind : KeyKind.values()) {
            String key = configured.get(kind).filter(k -> !k.isBlank()).orElse(null);
            if (key == null) {
                if (generated == null) {
                    generated = loadOrCreate(file);
                }
                key = generated.getProperty(propertyName(kind));
            }
            digests.put(kind, sha256(key));
        }
        if (generated != null) {
            LOG.infof("API keys not set in configuration are in %s (touchpoint.auth.* overrides them)",
                    file.toAbsolutePath());
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
        return kind.label() + "-key";
    }

    private static Properties loadOrCreate(Path file) throws IOException {
        Properties keys = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                keys.load(in);
            }
        }
        boolean changed = false;
        for (KeyKind kind : KeyKind.values()) {
            if (keys.getProperty(propertyName(kind), "").isBlank()) {
                keys.setProperty(propertyName(kind), "tp_" + kind.label() + "_" + randomToken());
                changed = true;
            }
        }
        if (changed) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file system's defaults apply.
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                keys.store(out, "Touchpoint API keys, generated on first start. Send as: Authorization: Bearer <key>");
            }
        }
        return keys;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
