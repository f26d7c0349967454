package dev.touchpoint.funnel;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The conditions of a funnel rule (docs/metrics.md). Each part is optional: {@code null} or empty
 * means "no condition on this part", and a rule needs at least one non-empty part so that it
 * cannot silently swallow every event.
 *
 * @param types      event type patterns, {@code *} matches any run of characters; any one may match
 * @param channels   channel patterns, same syntax; any one may match
 * @param properties property name to the JSON scalar the event's property must equal
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Match(List<String> types, List<String> channels, Map<String, JsonNode> properties) {
}
