package dev.touchpoint.funnel;

/**
 * A type or channel pattern of a rule, compiled once. {@code *} matches any run of characters,
 * possibly empty; every other character stands for itself, so {@code page.view} does not match
 * {@code page_view}. Matching uses plain string operations rather than regular expressions
 * because it runs for every event times every funnel, and most patterns have no wildcard.
 */
final class WildcardPattern {

    private final String literal;
    private final String prefix;
    private final String[] middle;
    private final String suffix;

    private WildcardPattern(String literal, String prefix, String[] middle, String suffix) {
        this.literal = literal;
        this.prefix = prefix;
        this.middle = middle;
        this.suffix = suffix;
    }

    static WildcardPattern compile(String pattern) {
        if (pattern.indexOf('*') < 0) {
            return new WildcardPattern(pattern, null, null, null);
        }
        // "a*b*c" becomes prefix "a", middle ["b"], suffix "c"; "**" gives empty parts, which match anything.
        String[] parts = pattern.split("\\*", -1);
        String[] middle = new String[parts.length - 2];
        System.arraycopy(parts, 1, middle, 0, middle.length);
        return new WildcardPattern(null, parts[0], middle, parts[parts.length - 1]);
    }

    boolean matches(String value) {
        if (literal != null) {
            return literal.equals(value);
        }
        if (value.length() < prefix.length() + suffix.length()
                || !value.startsWith(prefix) || !value.endsWith(suffix)) {
            return false;
        }
        // Taking each middle part at its leftmost place leaves the most room for the rest,
        // so this greedy scan finds a match whenever one exists.
        int from = prefix.length();
        int end = value.length() - suffix.length();
        for (String part : middle) {
            int at = value.indexOf(part, from);
            if (at < 0 || at + part.length() > end) {
                return false;
            }
            from = at + part.length();
        }
        return true;
    }
}
