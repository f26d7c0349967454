package dev.touchpoint.support;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.specification.RequestSpecification;

/** The test profile's API keys and small helpers to call the API with them. */
public final class Api {

    public static final String WRITE_KEY = "test-write-key";
    public static final String READ_KEY = "test-read-key";
    public static final String ADMIN_KEY = "test-admin-key";

    private Api() {
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    public static RequestSpecification writer() {
        return as(WRITE_KEY).contentType("application/json");
    }

    public static RequestSpecification reader() {
        return as(READ_KEY);
    }

    public static RequestSpecification admin() {
        return as(ADMIN_KEY).contentType("application/json");
    }

    /** A customer id no other test uses, so tests never see each other's data. */
    public static String uniqueCustomer(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
