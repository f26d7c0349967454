package dev.touchpoint.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The funnel the journey benchmarks attribute to: five stages, each entered by a fixed list
 * of event types (no wildcards, no channel or property conditions, no type in two lists), so
 * that SQL over the raw events can classify with a CASE expression identical in effect to
 * the service's rules. A few types match no rule: they are stored but in no journey.
 */
final class BenchFunnel {

    static final String ID = "bench-journey";

    static final List<String> STAGES = List.of("discover", "engage", "consider", "buy", "advocate");

    /** Event types per stage, most common first. */
    static final List<List<String>> TYPES = List.of(
            List.of("ad_impression", "video_view", "page_view"),
            List.of("ad_click", "follow", "signup"),
            List.of("product_view", "add_to_cart", "store_visit"),
            List.of("purchase"),
            List.of("review", "referral"));

    /** Types no rule matches. */
    static final List<String> UNATTRIBUTED = List.of("page_scroll", "heartbeat", "session_start");

    private BenchFunnel() {
    }

    static int stageCount() {
        return STAGES.size();
    }

    /** The body of {@code POST /v1/funnels}. */
    static String definitionJson() {
        StringBuilder json = new StringBuilder("{\"id\":\"" + ID + "\",\"name\":\"Benchmark journey\",\"stages\":[");
        for (int s = 0; s < STAGES.size(); s++) {
            json.append(s == 0 ? "" : ",").append("{\"key\":\"").append(STAGES.get(s)).append("\",\"name\":\"")
                    .append(STAGES.get(s)).append("\"}");
        }
        json.append("],\"rules\":[");
        for (int s = 0; s < STAGES.size(); s++) {
            json.append(s == 0 ? "" : ",").append("{\"stage\":\"").append(STAGES.get(s)).append("\",\"match\":{\"types\":[")
                    .append(TYPES.get(s).stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",")))
                    .append("]}}");
        }
        return json.append("],\"dimensions\":[\"").append(DIMENSION).append("\"]}").toString();
    }

    /** The property the funnel declares as a dimension; the generator's {@code value} is left undeclared. */
    static final String DIMENSION = "campaign";

    /** The stage index of a type as SQL: {@code case when type in (...) then 0 ... end}, null when no rule matches. */
    static String stageCase(String typeColumn) {
        StringBuilder sql = new StringBuilder("case");
        for (int s = 0; s < TYPES.size(); s++) {
            sql.append(" when ").append(typeColumn).append(" in (").append(quoted(TYPES.get(s))).append(") then ").append(s);
        }
        return sql.append(" end").toString();
    }

    /** Every attributed type, quoted for an SQL {@code in} list. */
    static String attributedTypesSql() {
        List<String> all = new ArrayList<>();
        TYPES.forEach(all::addAll);
        return quoted(all);
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(","));
    }
}
