package dev.touchpoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** StrictJson's own UTF-8 check agrees with the JDK's strict decoder, byte for byte. */
class StrictJsonUtf8Test {

    @Test
    void agreesWithTheJdkDecoderOnEveryShortSequenceAndOnRandomBytes() {
        for (int a = 0; a < 256; a++) {
            check(new byte[] { (byte) a });
            for (int b = 0; b < 256; b++) {
                check(new byte[] { (byte) a, (byte) b });
                check(new byte[] { 'x', (byte) a, (byte) b, 'y' });
                if (a < 0xC0) {
                    continue; // not a lead byte: the two-byte checks above cover it
                }
                for (int c : new int[] { 0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF }) {
                    check(new byte[] { (byte) a, (byte) b, (byte) c });
                    check(new byte[] { (byte) a, (byte) b, (byte) c, (byte) 0x80 });
                    check(new byte[] { (byte) a, (byte) b, (byte) c, (byte) 0xBF, 'z' });
                }
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            random.nextBytes(bytes);
            check(bytes);
        }
        check("{\"type\":\"caf\u00e9 \u20ac \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void check(byte[] bytes) {
        assertEquals(jdk(bytes), StrictJson.isUtf8(bytes), () -> java.util.HexFormat.of().formatHex(bytes));
    }

    private static boolean jdk(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
