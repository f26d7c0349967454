package dev.touchpoint.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import dev.touchpoint.config.TouchpointConfig;

/** Key generation on first start, reuse on the next, and configured keys winning. */
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

    private static Properties stored(Path dir) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(ApiKeys.FILE_NAME))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void generatesKeysOnceAndKeepsThem(@TempDir Path dir) throws Exception {
        ApiKeys first = new ApiKeys(config(dir, null));
        Properties keys = stored(dir);
        String write = keys.getProperty("write-key");
        String admin = keys.getProperty("admin-key");
        assertNotEquals(write, admin);
        assertEquals(Optional.of(KeyKind.WRITE), first.kindOf(write));
        assertEquals(Optional.of(KeyKind.ADMIN), first.kindOf(admin));
        assertEquals(Optional.empty(), first.kindOf(write + "x"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ApiKeys.FILE_NAME))),
                "only the owner may read the keys");

        ApiKeys second = new ApiKeys(config(dir, null));
        assertEquals(Optional.of(KeyKind.READ), second.kindOf(keys.getProperty("read-key")), "kept across restarts");
        assertEquals(keys, stored(dir));
    }

    @Test
    void configuredKeyWinsOverTheGeneratedOne(@TempDir Path dir) throws Exception {
        ApiKeys keys = new ApiKeys(config(dir, "my-public-key"));
        assertEquals(Optional.of(KeyKind.WRITE), keys.kindOf("my-public-key"));
        assertEquals(Optional.empty(), keys.kindOf(stored(dir).getProperty("write-key")));
        assertEquals(Optional.of(KeyKind.ADMIN), keys.kindOf(stored(dir).getProperty("admin-key")));
    }
}
