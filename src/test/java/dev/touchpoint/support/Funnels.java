package dev.touchpoint.support;

import static dev.touchpoint.support.Api.admin;
import static dev.touchpoint.support.Api.reader;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

/** Creates test funnels and waits for their backfills. */
public final class Funnels {

    private Funnels() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A funnel whose stages s1…sn are entered by event types {@code <typePrefix>_1} … {@code _n}. */
    public static String definition(String id, String typePrefix, int stages) {
        StringBuilder s = new StringBuilder("{\"id\":\"" + id + "\",\"name\":\"Test " + id + "\",\"stages\":[");
        StringBuilder r = new StringBuilder("\"rules\":[");
        for (int i = 1; i <= stages; i++) {
            s.append(i == 1 ? "" : ",").append("{\"key\":\"s").append(i).append("\",\"name\":\"Stage ").append(i).append("\"}");
            r.append(i == 1 ? "" : ",").append("{\"stage\":\"s").append(i).append("\",\"match\":{\"types\":[\"")
                    .append(typePrefix).append('_').append(i).append("\"]}}");
        }
        return s.append("],").append(r).append("]}").toString();
    }

    public static void create(String body) {
        admin().body(body).post("/v1/funnels").then().statusCode(201);
    }

    public static void awaitBackfillDone(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(
                reader().get("/v1/funnels/{id}", id).then().statusCode(200).extract().path("backfill.state")));
    }
}
