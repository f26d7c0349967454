package dev.touchpoint.funnel.api;

import static dev.touchpoint.support.Api.READ_KEY;
import static dev.touchpoint.support.Api.WRITE_KEY;
import static dev.touchpoint.support.Api.admin;
import static dev.touchpoint.support.Api.as;
import static dev.touchpoint.support.Api.reader;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.touchpoint.support.Funnels;
import io.quarkus.test.junit.QuarkusTest;

/** docs/metrics.md and §4: funnel definitions, the default funnel and the templates. */
@QuarkusTest
class FunnelApiTest {

    @Test
    void theDefaultFunnelExistsFromFirstStart() {
        reader().get("/v1/funnels/customer-journey").then().statusCode(200)
                .body("stages.key", contains("awareness", "interest", "consideration", "conversion", "retention", "advocacy"))
                .body("rules.size()", org.hamcrest.Matchers.greaterThan(5))
                .body("backfill.state", notNullValue());
        reader().get("/v1/funnels").then().statusCode(200).body("id", hasItem("customer-journey"));
    }

    @Test
    void aFunnelIsCreatedFromATemplateInOneCall() {
        reader().get("/v1/funnel-templates").then().statusCode(200)
                .body("id", hasItems("customer-journey", "classic-five-phase", "five-step", "aida"));
        String id = Funnels.uniqueId("aida");
        admin().body("{\"template\":\"aida\",\"id\":\"" + id + "\"}").post("/v1/funnels")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/funnels/" + id))
                .body("stages.key", contains("attention", "interest", "desire", "action"))
                .body("version", equalTo(1));
        admin().body("{\"template\":\"five-step\",\"id\":\"" + Funnels.uniqueId("five") + "\",\"name\":\"Mine\"}")
                .post("/v1/funnels").then().statusCode(201)
                .body("name", equalTo("Mine"))
                .body("stages.key", contains("awareness", "conviction", "conversion", "retention", "advocacy"));
        admin().body("{\"template\":\"classic-five-phase\",\"id\":\"" + Funnels.uniqueId("classic") + "\"}")
                .post("/v1/funnels").then().statusCode(201)
                .body("stages.key", contains("awareness", "interest", "consideration", "decision", "action"));
        admin().body("{\"template\":\"nope\"}").post("/v1/funnels")
                .then().statusCode(400).body("errors[0].field", equalTo("template"));
    }

    @Test
    void createReadReplaceDelete() {
        String id = Funnels.uniqueId("crud");
        Funnels.create(Funnels.definition(id, "crud", 3));
        reader().get("/v1/funnels/{id}", id).then().statusCode(200)
                .body("stages.key", contains("s1", "s2", "s3"))
                .body("rules[1].match.types", contains("crud_2"));
        admin().body(Funnels.definition(id, "crud", 3)).post("/v1/funnels")
                .then().statusCode(409).contentType("application/problem+json");

        admin().body(Funnels.definition(id, "other", 4)).put("/v1/funnels/{id}", id)
                .then().statusCode(200).body("version", equalTo(2)).body("stages.key", contains("s1", "s2", "s3", "s4"));
        admin().body(Funnels.definition(id, "other", 4).replace("Test " + id, "Renamed")).put("/v1/funnels/{id}", id)
                .then().statusCode(200).body("name", equalTo("Renamed")).body("version", equalTo(2));
        admin().body(Funnels.definition("another-id", "x", 2)).put("/v1/funnels/{id}", id)
                .then().statusCode(400).body("errors.field", hasItem("id"));
        admin().body(Funnels.definition("missing-one", "x", 2)).put("/v1/funnels/missing-one")
                .then().statusCode(404).contentType("application/problem+json");

        admin().delete("/v1/funnels/{id}", id).then().statusCode(204);
        reader().get("/v1/funnels/{id}", id).then().statusCode(404).contentType("application/problem+json");
        admin().delete("/v1/funnels/{id}", id).then().statusCode(404);
    }

    @Test
    void invalidDefinitionsNameTheirFields() {
        admin().body("{\"id\":\"Bad Id\",\"name\":\"x\",\"stages\":[{\"key\":\"a\",\"name\":\"A\"}],"
                + "\"rules\":[{\"stage\":\"zzz\",\"match\":{}}]}").post("/v1/funnels")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("id", "stages", "rules[0].stage", "rules[0].match"));
        admin().body("{\"id\":\"dup\",\"name\":\"x\",\"stages\":[{\"key\":\"a\",\"name\":\"A\"},{\"key\":\"a\",\"name\":\"B\"}],"
                + "\"rules\":[{\"stage\":\"a\",\"match\":{\"types\":[\"Bad Type\"]}}]}").post("/v1/funnels")
                .then().statusCode(400)
                .body("errors.field", hasItems("stages[1].key", "rules[0].match.types[0]"))
                .body("errors.rule", hasItems("unique", "pattern"));
        admin().body("{\"id\":\"x\",\"name\":\"x\",\"colour\":\"red\"}").post("/v1/funnels")
                .then().statusCode(400).body("errors[0].field", equalTo("colour")).body("errors[0].rule", equalTo("unknown-field"));
        admin().body("{\"id\":\"x\",\"name\":\"x\",\"stages\":\"none\"}").post("/v1/funnels")
                .then().statusCode(400).body("errors[0].field", equalTo("stages"));
        admin().body("{not json").post("/v1/funnels")
                .then().statusCode(400).body("errors[0].rule", equalTo("json"));
    }

    @Test
    void onlyTheAdminKeyChangesFunnels() {
        as(READ_KEY).contentType("application/json").body(Funnels.definition(Funnels.uniqueId("ro"), "ro", 2))
                .post("/v1/funnels").then().statusCode(403);
        as(READ_KEY).delete("/v1/funnels/customer-journey").then().statusCode(403);
        as(WRITE_KEY).get("/v1/funnels").then().statusCode(403);
    }
}
