package dev.touchpoint.analytics;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Chooses between JSON and CSV by the client's Accept header; JSON unless CSV is preferred. */
public final class Negotiation {

    public static final String TEXT_CSV = "text/csv";

    private Negotiation() {
    }

    public static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if ("text".equals(type.getType()) && "csv".equals(type.getSubtype())) {
                return true;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    public static Response csv(String body) {
        return Response.ok(body, TEXT_CSV + ";charset=UTF-8").header("Content-Disposition", "inline").build();
    }
}
