package dev.touchpoint.tracker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;

import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /touchpoint.js}: no key, cacheable with an ETag, versioned, and at most 3 KB gzipped (SPEC §5). */
@QuarkusTest
class TrackerScriptTest {

    @Test
    void theScriptIsServedWithoutAKeyAndRevalidatesByETag() {
        String etag = given().get("/touchpoint.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", containsString("max-age"))
                .body(containsString("touchpoint.js v1"))
                .extract().header("ETag");
        given().header("If-None-Match", etag).get("/touchpoint.js").then().statusCode(304)
                .header("ETag", equalTo(etag));
    }

    @Test
    void theScriptIsAtMost3KilobytesGzipped() throws Exception {
        byte[] source = TrackerResource.read();
        // The best gzip can do bounds what any server or CDN sends; the service's own (default level) too.
        ByteArrayOutputStream best = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(best) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            zip.write(source);
        }
        int served = TrackerResource.gzip(source).length;
        assertTrue(served <= 3072, () -> "served gzipped: " + served + " bytes");
        assertTrue(best.size() <= 3072, () -> "gzip -9: " + best.size() + " bytes");
        // Gzipped once: the service's HTTP compression (on for the dashboard) leaves the resource's own alone.
        byte[] wire = given().config(RestAssuredConfig.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "gzip").get("/touchpoint.js").then().statusCode(200)
                .header("Content-Encoding", "gzip").extract().asByteArray();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
            assertArrayEquals(source, in.readAllBytes());
        }
    }
}
