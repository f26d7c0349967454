package dev.touchpoint.dashboard;

import static dev.touchpoint.support.Api.reader;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 18, the page's weight: how the dashboard's own files and the chart library are served.
 * The page and its modules keep their paths across upgrades, so they are revalidated each time
 * ({@code no-cache}, a 304 while unchanged); the WebJar's paths name their version, so they are
 * cached for a year. What a browser that accepts gzip receives is gzip that decodes to exactly
 * the file. REST Assured's own decoding is off here, so the bytes are the ones on the wire.
 */
@QuarkusTest
class DashboardFilesTest {

    private static final String ECHARTS = "/webjars/echarts/5.3.1/dist/echarts.esm.min.js";
    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());

    private static RequestSpecification raw(String encoding) {
        return given().config(RAW).header("Accept-Encoding", encoding);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/index.html", "/app.css", "/js/app.js", "/js/views/flow.js" })
    void thePageAndItsOwnFilesAreRevalidatedEachTime(String path) {
        String modified = given().get(path).then().statusCode(200)
                .header("Cache-Control", equalTo("no-cache"))
                .extract().header("Last-Modified");
        given().header("If-Modified-Since", modified).get(path).then().statusCode(304)
                .header("Cache-Control", equalTo("no-cache"));
    }

    @Test
    void theVersionedChartLibraryIsCachedForAYear() {
        given().get(ECHARTS).then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=31536000, immutable"));
    }

    @Test
    void theApiIsNotGivenTheFilesCacheHeaders() {
        reader().get("/v1/funnels").then().statusCode(200).header("Cache-Control", not(equalTo("no-cache")));
        given().get("/v1/funnels").then().statusCode(401).header("Cache-Control", not(equalTo("no-cache")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/app.css", "/js/app.js", "/js/charts.js", ECHARTS })
    void gzipDecodesToTheSameBytesAsTheUncompressedAnswer(String path) throws IOException {
        byte[] plain = raw("identity").get(path).then().statusCode(200)
                .header("Content-Encoding", not(equalTo("gzip"))).extract().asByteArray();
        byte[] wire = raw("gzip").get(path).then().statusCode(200)
                .header("Content-Encoding", equalTo("gzip")).extract().asByteArray();
        assertArrayEquals(plain, gunzip(wire), path);
        assertTrue(wire.length < plain.length / 2, () -> path + ": " + wire.length + " of " + plain.length + " bytes");
    }

    @Test
    void theApiAnswersGzipToo() throws IOException {
        byte[] plain = reader().config(RAW).header("Accept-Encoding", "identity").get("/v1/funnels").then()
                .statusCode(200).extract().asByteArray();
        byte[] wire = reader().config(RAW).header("Accept-Encoding", "gzip").get("/v1/funnels").then()
                .statusCode(200).header("Content-Encoding", equalTo("gzip")).extract().asByteArray();
        assertArrayEquals(plain, gunzip(wire));
    }

    static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
