package dev.touchpoint.tracker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /touchpoint.js} (SPEC §5), without a key: the tracker script, read once from the
 * classpath, with an ETag (so a revalidation costs a 304) and an hour of caching (so a new
 * version reaches pages soon after an upgrade), gzipped for clients that accept it.
 */
@Path("/touchpoint.js")
@Tag(name = "Tracker")
public class TrackerResource {

    static final String RESOURCE = "/tracker/touchpoint.js";
    static final String MEDIA_TYPE = "text/javascript; charset=utf-8";
    private static final byte[] SCRIPT = read();
    private static final byte[] GZIPPED = gzip(SCRIPT);
    private static final String ETAG = "\"" + HexFormat.of().formatHex(sha256(SCRIPT), 0, 8) + "\"";

    @GET
    @Operation(summary = "The website tracker", description = "Add <script src=\".../touchpoint.js\""
            + " data-write-key=\"…\" defer></script>; see docs/tracker.md.")
    public Response script(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        if (ifNoneMatch != null && ifNoneMatch.contains(ETAG)) {
            return cached(Response.notModified()).build();
        }
        boolean gzip = acceptEncoding != null && acceptEncoding.contains("gzip");
        Response.ResponseBuilder answer = cached(Response.ok(gzip ? GZIPPED : SCRIPT, MEDIA_TYPE));
        return (gzip ? answer.header("Content-Encoding", "gzip") : answer).build();
    }

    private static Response.ResponseBuilder cached(Response.ResponseBuilder answer) {
        return answer.header(HttpHeaders.ETAG, ETAG).header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
                .header(HttpHeaders.VARY, "Accept-Encoding");
    }

    static byte[] read() {
        try (InputStream in = TrackerResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
