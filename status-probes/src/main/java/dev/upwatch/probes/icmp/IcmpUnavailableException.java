package dev.upwatch.probes.icmp;

import java.io.IOException;

/** This process may not send ICMP echo requests (neither a ping socket nor a raw socket can be opened). */
final class IcmpUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    IcmpUnavailableException(String message) {
        super(message);
    }
}
