package dev.upwatch.core.rule;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairShareTest {

    @ParameterizedTest(name = "{0} shards over {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "128; a; 128",
            "128; a b; 64 64",
            "128; a b c; 43 43 42",
            "128; c a b; 43 43 42",
            "3; a b c d; 1 1 1 0",
            "10; a b c d; 3 3 2 2",
    })
    void sharesAddUpAndDifferByAtMostOne(int shards, String live, String expected) {
        List<NodeId> nodes = Arrays.stream(live.split(" ")).map(NodeId::of).toList();
        List<Integer> targets = nodes.stream().sorted().map(node -> FairShare.target(shards, nodes, node)).toList();
        assertEquals(Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList(), targets);
        assertEquals(shards, targets.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aNodeMissingFromTheLiveListCountsItself() {
        assertEquals(64, FairShare.target(128, List.of(NodeId.of("a")), NodeId.of("b")));
    }

    @Test
    void shardsAreStableAndSpread() {
        assertEquals(FairShare.shardOf(MonitorId.of("api"), 128), FairShare.shardOf(MonitorId.of("api"), 128));
        int[] counts = new int[128];
        IntStream.range(0, 12_800).forEach(i -> counts[FairShare.shardOf(MonitorId.of("m" + i), 128)]++);
        // 100 per shard expected; a uniform hash keeps every shard within ±50 % here
        assertTrue(Arrays.stream(counts).allMatch(c -> c > 50 && c < 150), Arrays.toString(counts));
    }
}
