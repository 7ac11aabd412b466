package dev.upwatch.probes.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.Objects;

/**
 * The question a {@code dns} monitor asks, class IN.
 *
 * @param name   the absolute name looked up
 * @param type   the record type asked for, a dnsjava {@link Type} code
 * @param dnssec whether to ask for DNSSEC records too (the EDNS DO bit)
 */
record DnsQuery(Name name, int type, boolean dnssec) {
    /**
     * EDNS payload size we advertise, in bytes: the DNS Flag Day 2020 value, which passes any path unfragmented;
     * a larger answer comes back truncated and is asked again over TCP.
     */
    static final int EDNS_PAYLOAD = 1232;

    DnsQuery {
        Objects.requireNonNull(name, "name");
        if (!name.isAbsolute()) {
            throw new IllegalArgumentException("name " + name + " is not absolute");
        }
    }

    /**
     * A new query message with a fresh random id: recursion desired, EDNS(0), and the AD bit, which asks a validating
     * resolver to say in its answer whether it validated the data (RFC 6840 section 5.7); DO as well when
     * {@link #dnssec}.
     */
    Message newMessage() {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        query.getHeader().setFlag(Flags.AD);
        query.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0, dnssec ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        return query;
    }

    @Override
    public String toString() {
        return name.toString(true) + " " + Type.string(type);
    }
}
