package dev.touchpoint.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.touchpoint.error.ProblemException;

/**
 * Checks the API key of every call to a resource marked {@link RequiresKey}: 401 without a
 * valid key, 403 with a key of too low a kind. Event endpoints also take the key from the
 * {@code writeKey} query parameter, because {@code navigator.sendBeacon} cannot set headers.
 */
public class KeyFilter {

    static final String WRITE_KEY_PARAM = "writeKey";
    private static final String BEARER = "Bearer ";

    @Inject
    ApiKeys keys;

    @ServerRequestFilter
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        RequiresKey required = resource.getResourceMethod().getAnnotation(RequiresKey.class);
        if (required == null) {
            required = resource.getResourceClass().getAnnotation(RequiresKey.class);
        }
        if (required == null) {
            return;
        }
        String presented = presentedKey(request, required.value());
        if (presented == null) {
            throw ProblemException.unauthorized(
                    "An API key is required: send 'Authorization: Bearer <key>'.");
        }
        KeyKind kind = keys.kindOf(presented)
                .orElseThrow(() -> ProblemException.unauthorized("The API key is not valid."));
        if (!kind.covers(required.value())) {
            throw ProblemException.forbidden("This call needs a " + required.value().label() + " key; a "
                    + kind.label() + " key was sent.");
        }
        request.setProperty(KeyKind.class.getName(), kind);
    }

    private static String presentedKey(ContainerRequestContext request, KeyKind required) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).trim();
        }
        if (required == KeyKind.WRITE) {
            return request.getUriInfo().getQueryParameters().getFirst(WRITE_KEY_PARAM);
        }
        return null;
    }
}
