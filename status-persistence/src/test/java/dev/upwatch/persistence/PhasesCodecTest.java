package dev.upwatch.persistence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhasesCodecTest {

    @Test
    void aTypicalHttpCheckTakesTwelveBytes() {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("dns", Duration.ofMillis(1).dividedBy(5));
        phases.put("connect", Duration.ofNanos(800_000));
        phases.put("tls", Duration.ofMillis(9));
        phases.put("firstByte", Duration.ofMillis(40));
        phases.put("transfer", Duration.ofNanos(200_000));

        byte[] packed = PhasesCodec.encode(phases);

        assertEquals(12, packed.length);
        assertEquals(List.copyOf(phases.entrySet()), List.copyOf(PhasesCodec.decode(packed).entrySet()));
    }

    @Test
    void knownPhasesAreABitmaskAndVarintsOthersGoByName() {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("connect", Duration.ofNanos(300_000));
        phases.put("query", Duration.ofNanos(5_000));

        assertArrayEquals(new byte[] {0b10, (byte) 0xac, 0x02, 5, 'q', 'u', 'e', 'r', 'y', 5},
                PhasesCodec.encode(phases));
    }

    @Test
    void noPhasesAreANullColumn() {
        assertNull(PhasesCodec.encode(Map.of()));
        assertEquals(Map.of(), PhasesCodec.decode(null));
    }

    @Test
    void aTruncatedColumnIsReportedAsCorrupt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PhasesCodec.decode(new byte[] {0b1, (byte) 0x80}));
        assertEquals("corrupt phases column: varint runs past its end", e.getMessage());
    }
}
