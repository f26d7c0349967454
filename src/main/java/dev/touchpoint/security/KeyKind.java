package dev.touchpoint.security;

/** The three kinds of API key, weakest first: each kind may do all that a weaker one may. */
public enum KeyKind {
    /** Public, sits in web pages: may only post events. */
    WRITE,
    /** May also query. */
    READ,
    /** May do everything, including changing funnels and erasing customers. */
    ADMIN;

    public boolean covers(KeyKind required) {
        return compareTo(required) >= 0;
    }

    public String label() {
        return name().toLowerCase();
    }
}
