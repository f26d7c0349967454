package dev.touchpoint.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.touchpoint.config.TouchpointConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Key generation on first start, reuse on the next, digests only on disk, configured keys winning. */
class ApiKeysTest {

    private static TouchpointConfig config(Path dataDir, String writeKey) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(TouchpointConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("touchpoint.data-dir", dataDir.toString());
        if (writeKey != null) {
            builder.withDefaultValue("touchpoint.auth.write-key", writeKey);
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(TouchpointConfig.class);
    }

    @Test
    void generatedKeysAreKeptAsDigestsOnlyAndReusedOnTheNextStart(@TempDir Path dir) throws Exception {
        Map<KeyKind, byte[]> first = ApiKeys.loadOrGenerate(dir.resolve(ApiKeys.FILE_NAME));
        String onDisk = Files.readString(dir.resolve(ApiKeys.FILE_NAME));
        assertFalse(onDisk.contains("tp_"), "no key in the clear on disk");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ApiKeys.FILE_NAME))));
        Map<KeyKind, byte[]> second = ApiKeys.loadOrGenerate(dir.resolve(ApiKeys.FILE_NAME));
        for (KeyKind kind : KeyKind.values()) {
            assertArrayEquals(first.get(kind), second.get(kind), "kept across restarts: " + kind);
        }
        assertEquals(onDisk, Files.readString(dir.resolve(ApiKeys.FILE_NAME)));
    }

    @Test
    void keysAreRecognisedByKindAndConfiguredOnesWin(@TempDir Path dir) throws Exception {
        ApiKeys keys = new ApiKeys(config(dir, "my-public-key"));
        assertEquals(Optional.of(KeyKind.WRITE), keys.kindOf("my-public-key"));
        assertEquals(Optional.empty(), keys.kindOf("my-public-key "));
        assertEquals(Optional.empty(), keys.kindOf(""));
        assertEquals(Optional.empty(), keys.kindOf(null));
        // The admin and read keys were generated: only their digests exist, nothing else matches them.
        assertEquals(Optional.empty(), keys.kindOf(Files.readString(dir.resolve(ApiKeys.FILE_NAME))));
    }
}
