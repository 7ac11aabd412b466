package dev.upwatch.probes.dns;

import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A small name server for tests, on 127.0.0.1, UDP and TCP on one port number (port 0 picks it): dnsjava writes and
 * reads its messages. It answers from a table of records (NXDOMAIN for names it does not hold), truncates UDP answers
 * larger than the client's EDNS payload size (512 bytes without EDNS) as real servers do, and sets AD, as a validating
 * resolver would, for names marked validated when the query asks with AD or DO (RFC 6840 section 5.8). A test can
 * silence it, close its TCP side, or mangle its UDP answers. Every query it receives is kept.
 */
final class LoopbackNameServer implements AutoCloseable {
    /** Largest UDP answer to a query without EDNS, in bytes (RFC 1035 section 2.3.4). */
    private static final int PLAIN_UDP_SIZE = 512;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> validated = ConcurrentHashMap.newKeySet();
    private final List<Message> udpQueries = new CopyOnWriteArrayList<>();
    private final List<Message> tcpQueries = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread tcpAcceptor;
    private volatile boolean silent;
    private volatile boolean strayFirst;
    private volatile UnaryOperator<byte[]> mangle = UnaryOperator.identity();

    private LoopbackNameServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        Thread.ofVirtual().name("test-dns-udp").start(this::serveUdp);
        tcpAcceptor = Thread.ofVirtual().name("test-dns-tcp").start(this::serveTcp);
    }

    /** Starts a server on a port number free for both UDP and TCP on 127.0.0.1. */
    static LoopbackNameServer start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                return new LoopbackNameServer(udp, new ServerSocket(udp.getLocalPort(), 50, loopback));
            } catch (IOException taken) {
                udp.close();
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
    }

    int port() {
        return udp.getLocalPort();
    }

    /** Adds answer records; their owner names become known (NOERROR for any type asked of them). */
    LoopbackNameServer add(Record... added) {
        for (Record record : added) {
            records.computeIfAbsent(record.getName(), name -> new CopyOnWriteArrayList<>()).add(record);
        }
        return this;
    }

    /** Answers for {@code name} carry AD when the query asks for it (AD or DO set). */
    LoopbackNameServer validated(Name name) {
        validated.add(name);
        return this;
    }

    /** From now on, no query gets an answer: UDP queries are dropped, TCP connections are accepted and left open. */
    void silence() {
        silent = true;
    }

    /** Stops listening on TCP: connections are refused from now on. */
    void closeTcp() throws IOException, InterruptedException {
        tcp.close();
        tcpAcceptor.join(); // the socket is released once no thread waits in accept() any more
    }

    /** Every UDP answer is first sent once more with another id, as a late answer to an earlier query would be. */
    void sendStrayFirst() {
        strayFirst = true;
    }

    /** UDP answers pass through {@code change} before they are sent. */
    void mangle(UnaryOperator<byte[]> change) {
        mangle = change;
    }

    List<Message> udpQueries() {
        return List.copyOf(udpQueries);
    }

    List<Message> tcpQueries() {
        return List.copyOf(tcpQueries);
    }

    private void serveUdp() {
        byte[] buffer = new byte[65_535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                udpQueries.add(query);
                if (silent) {
                    continue;
                }
                OPTRecord opt = query.getOPT();
                byte[] answer = mangle.apply(answer(query).toWire(opt == null ? PLAIN_UDP_SIZE : opt.getPayloadSize()));
                if (strayFirst) {
                    byte[] stray = answer.clone();
                    stray[1]++;
                    udp.send(new DatagramPacket(stray, stray.length, packet.getSocketAddress()));
                }
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
                // a query we cannot read: drop it, as servers do
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            Socket connection;
            try {
                connection = tcp.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(connection);
            Thread.ofVirtual().start(() -> serveConnection(connection));
        }
    }

    private void serveConnection(Socket connection) {
        try (connection) {
            DataInputStream in = new DataInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                byte[] wire = new byte[in.readUnsignedShort()];
                in.readFully(wire);
                Message query = new Message(wire);
                tcpQueries.add(query);
                if (silent) {
                    continue;
                }
                byte[] answer = answer(query).toWire();
                out.write(new byte[] {(byte) (answer.length >>> 8), (byte) answer.length});
                out.write(answer);
                out.flush();
            }
        } catch (EOFException e) {
            // the client is done
        } catch (IOException e) {
            // closed by close(), or a query we cannot read
        }
    }

    private Message answer(Message query) {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            answer.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        answer.addRecord(question, Section.QUESTION);
        List<Record> held = records.get(question.getName());
        if (held == null) {
            answer.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            held.stream().filter(r -> r.getType() == question.getType()).forEach(r -> answer.addRecord(r, Section.ANSWER));
        }
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        if (validated.contains(question.getName()) && (query.getHeader().getFlag(Flags.AD) || dnssecOk)) {
            answer.getHeader().setFlag(Flags.AD);
        }
        if (opt != null) {
            answer.addRecord(new OPTRecord(DnsQuery.EDNS_PAYLOAD, 0, 0, dnssecOk ? ExtendedFlags.DO : 0),
                    Section.ADDITIONAL);
        }
        return answer;
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
        List<IOException> failures = new ArrayList<>();
        for (Socket connection : connections) {
            try {
                connection.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
