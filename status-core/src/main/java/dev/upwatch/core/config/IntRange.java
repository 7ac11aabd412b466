package dev.upwatch.core.config;

import java.math.BigInteger;

/**
 * The whole numbers a configuration key accepts, both ends included.
 *
 * @param min the smallest
 * @param max the largest
 */
public record IntRange(int min, int max) {
    public IntRange {
        if (min > max) {
            throw new IllegalArgumentException("a range is min <= max, got " + min + " to " + max);
        }
    }

    /** The numbers from {@code min} to {@code max}. */
    public static IntRange of(int min, int max) {
        return new IntRange(min, max);
    }

    /** True when {@code value}, of any size, lies within. */
    public boolean contains(BigInteger value) {
        return value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    /** The problem of a number outside: {@code 0 is out of range [1, 100]}. */
    public String problem(String written) {
        return written + " is out of range [" + min + ", " + max + "]";
    }

    /** The range as the documentation writes it: {@code 1–100}. */
    public String text() {
        return min + "–" + max;
    }
}
