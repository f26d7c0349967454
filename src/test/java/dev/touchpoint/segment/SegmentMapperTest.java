package dev.touchpoint.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * SPEC §5.1's normalisation of Segment event names and channels: lower case, every character
 * outside the type pattern replaced by {@code _}, cut to 64 code points. The ASCII fast path must
 * give exactly what the rule's plain form gives, which this test keeps as its reference.
 */
class SegmentMapperTest {

    /** The rule as SPEC §5.1 states it, character by character over code points. */
    private static String reference(String name) {
        StringBuilder out = new StringBuilder();
        name.toLowerCase(Locale.ROOT).codePoints().limit(64).forEach(c -> out.append(
                (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-'
                        ? (char) c : '_'));
        return out.toString();
    }

    @Test
    void namesAsSegmentLibrariesSendThem() {
        assertEquals("product_viewed", SegmentMapper.normalize("Product Viewed"));
        assertEquals("signed_up_", SegmentMapper.normalize("Signed Up!"));
        assertEquals("order.completed:v2-x", SegmentMapper.normalize("Order.Completed:V2-x"));
        assertEquals("tiktok", SegmentMapper.normalize("TikTok"));
        assertEquals("i_stanbul", SegmentMapper.normalize("\u0130stanbul"), "U+0130 lower-cases to i and a combining dot");
        assertEquals("caf_", SegmentMapper.normalize("Caf\u00e9"));
        assertEquals("_", SegmentMapper.normalize("\uD83D\uDE00"), "one code point outside the pattern, one _");
        assertEquals("a".repeat(64), SegmentMapper.normalize("A".repeat(70)));
        assertEquals("", SegmentMapper.normalize(""));
    }

    @Test
    void aNameThatNeedsNoChangeIsReturnedAsItIs() {
        String name = "video_view";
        assertSame(name, SegmentMapper.normalize(name));
    }

    @Test
    void theFastPathGivesWhatTheRuleGivesOnRandomNames() {
        SplittableRandom random = new SplittableRandom(20261202L);
        String ascii = "abcXYZ019 _.:-!/";
        String alphabet = ascii + "\u00e9\u0130\u03a3\u00df\uD83D\uDE00\uD800\u212a\t";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(80);
            boolean onlyAscii = random.nextBoolean();
            for (int k = 0; k < length; k++) {
                int at = random.nextInt(onlyAscii ? ascii.length() : alphabet.length());
                name.append(alphabet.charAt(at));
            }
            String s = name.toString();
            assertEquals(reference(s), SegmentMapper.normalize(s), () -> "for '" + s + "'");
        }
    }
}
