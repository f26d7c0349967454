package dev.touchpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

class IsoInstantTest {

    @Test
    void readsWhatInstantToStringWritesForAnyInstantOfFourDigitYears() {
        Random random = new Random(11);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long seconds = min + (long) (random.nextDouble() * (max - min));
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(instant, IsoInstant.parse(instant.toString()), instant.toString());
        }
    }

    @Test
    void readsShortFractionsAndCalendarEdges() {
        for (String text : new String[] {"2026-03-01T12:00:00.1Z", "2026-03-01T12:00:00.12Z", "2024-02-29T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "2026-12-31T00:00:00Z"}) {
            assertEquals(Instant.parse(text), IsoInstant.parse(text), text);
        }
    }

    @Test
    void rejectsWhatInstantParseRejects() {
        for (String text : new String[] {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T00:60:00Z",
                "2026-01-01 00:00:00Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01T00:00:0aZ", "2026-04-31T00:00:00Z",
                "not an instant"}) {
            assertThrows(DateTimeException.class, () -> IsoInstant.parse(text), text);
        }
    }

    /** Any string near the shape: the same instant as Instant.parse, or the same refusal. */
    @Test
    void agreesWithInstantParseOnMutatedInstants() {
        Random random = new Random(5);
        String alphabet = "0123456789-:.TZ+ ";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE),
                    random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000)).toString());
            for (int m = random.nextInt(3); m >= 0; m--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String candidate = text.toString();
            Object expected;
            try {
                expected = Instant.parse(candidate);
            } catch (DateTimeException e) {
                expected = "refused";
            }
            Object actual;
            try {
                actual = IsoInstant.parse(candidate);
            } catch (DateTimeException e) {
                actual = "refused";
            }
            assertEquals(expected, actual, candidate);
        }
    }

    @Test
    void leavesOtherValidShapesToInstantParse() {
        for (String text : new String[] {"+12026-01-01T00:00:00Z", "2026-01-01T00:00:00+02:00", "2026-01-01T24:00:00Z",
                "2026-01-01T00:00:00.Z"}) {
            assertEquals(Instant.parse(text), IsoInstant.parse(text), text);
        }
    }
}
