package dev.upwatch.probes.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A name server's answer to one {@link DnsQuery}, parsed by dnsjava and checked to answer it: the id, the response flag
 * and the question must match (RFC 5452 section 9.1), so a stray or forged message is not taken for ours.
 */
final class DnsResponse {
    private final Message message;

    private DnsResponse(Message message) {
        this.message = Objects.requireNonNull(message, "message");
    }

    /** A DNS response was malformed, or does not answer our question. */
    static final class MalformedResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message);
        }
    }

    /** The id of a message in wire form, or -1 when it is too short to have one. */
    static int idOf(byte[] wire, int length) {
        return length < 2 ? -1 : ((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF);
    }

    /**
     * Parses {@code wire} as the answer to {@code query}.
     *
     * @throws MalformedResponseException when it cannot be parsed, is not a response, or answers another question
     */
    static DnsResponse read(Message query, byte[] wire) throws MalformedResponseException {
        Message message;
        try {
            message = new Message(wire);
        } catch (IOException e) {
            throw new MalformedResponseException(e.getMessage() == null ? "cannot be read" : e.getMessage());
        }
        int id = message.getHeader().getID();
        if (id != query.getHeader().getID()) {
            throw new MalformedResponseException("response id " + id + " does not match query id "
                    + query.getHeader().getID());
        }
        if (!message.getHeader().getFlag(Flags.QR)) {
            throw new MalformedResponseException("message is a query, not a response");
        }
        Record asked = query.getQuestion();
        Record question = message.getQuestion();
        if (question == null) {
            // Servers may leave the question out of an error (FORMERR, REFUSED); an answer must repeat it.
            if (message.getRcode() == Rcode.NOERROR) {
                throw new MalformedResponseException("the answer has no question section");
            }
        } else if (!question.getName().equals(asked.getName()) || question.getType() != asked.getType()
                || question.getDClass() != asked.getDClass()) {
            throw new MalformedResponseException("the answer is to another question: " + question.getName()
                    + " " + Type.string(question.getType()));
        }
        return new DnsResponse(message);
    }

    /** The response code's name, e.g. {@code NOERROR}, {@code NXDOMAIN} (EDNS extended codes included). */
    String rcode() {
        return Rcode.string(message.getRcode());
    }

    /** Whether the server set TC: the answer did not fit, so it is incomplete and must be asked for over TCP. */
    boolean truncated() {
        return message.getHeader().getFlag(Flags.TC);
    }

    /** Whether the resolver says it validated the answer with DNSSEC (the AD flag). */
    boolean authenticated() {
        return message.getHeader().getFlag(Flags.AD);
    }

    /** The first A or AAAA answer's address, anywhere in a CNAME chain. */
    Optional<String> firstAddress() {
        return answers().stream().<String>mapMulti((record, out) -> {
            if (record instanceof ARecord a) {
                out.accept(a.getAddress().getHostAddress());
            } else if (record instanceof AAAARecord aaaa) {
                out.accept(aaaa.getAddress().getHostAddress());
            }
        }).findFirst();
    }

    /** The answers of {@code type}, in order, each as {@link #text}. */
    List<String> answersOf(int type) {
        return answers().stream().filter(record -> record.getType() == type).map(DnsResponse::text).toList();
    }

    private List<Record> answers() {
        return message.getSection(Section.ANSWER);
    }

    /**
     * One answer as {@code [BODY]} shows it: its data in zone-file form, except that names are written in lower case
     * without the final dot and TXT strings are joined unquoted (as Upwatch wrote them before dnsjava).
     */
    static String text(Record record) {
        return switch (record) {
            case ARecord a -> a.getAddress().getHostAddress();
            case AAAARecord aaaa -> aaaa.getAddress().getHostAddress();
            case CNAMERecord cname -> name(cname.getTarget());
            case DNAMERecord dname -> name(dname.getTarget());
            case NSRecord ns -> name(ns.getTarget());
            case PTRRecord ptr -> name(ptr.getTarget());
            case MXRecord mx -> mx.getPriority() + " " + name(mx.getTarget());
            case SRVRecord srv -> srv.getPriority() + " " + srv.getWeight() + " " + srv.getPort() + " "
                    + name(srv.getTarget());
            case SOARecord soa -> name(soa.getHost()) + " " + name(soa.getAdmin()) + " " + soa.getSerial() + " "
                    + soa.getRefresh() + " " + soa.getRetry() + " " + soa.getExpire() + " " + soa.getMinimum();
            case TXTRecord txt -> String.join("", txt.getStrings(false));
            case SPFRecord spf -> String.join("", spf.getStrings(false));
            default -> record.rdataToString();
        };
    }

    private static String name(Name name) {
        return name.canonicalize().toString(true);
    }
}
