package dev.upwatch.probes.forgetful;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.xbill.DNS.Address;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.io.DefaultIoClientFactory;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;

/**
 * Everything a probe must not do: reach the network around the probe environment. Never run; it exists so that
 * {@link dev.upwatch.probes.ProbeEgressRulesTest} can show its rule finds each of these calls.
 */
final class ForgetfulProbe {
    private ForgetfulProbe() {
    }

    static void everyWayAround() throws IOException {
        InetAddress.getByName("example.com");
        InetAddress.getAllByName("example.com");
        new Socket("example.com", 80).close();
        new Socket().connect(new InetSocketAddress("example.com", 80));
        SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80)).close();
        DatagramChannel.open().connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(new byte[1], 1, InetAddress.getLoopbackAddress(), 53));
        }
        SocketFactory.getDefault().createSocket("example.com", 443).close();
        new SocketAddressResolver.Sync();
        new HttpClient();
        new HttpClientTransportOverHTTP(1);
        InetAddress.getByAddress(new byte[] {10, 0, 0, 1}).isReachable(1_000);
        URI.create("http://example.com/").toURL().openStream().close();
        new SimpleResolver(InetAddress.getLoopbackAddress());
        new ExtendedResolver();
        new Lookup("example.com", Type.A).run();
        Address.getByName("example.com");
        new DefaultIoClientFactory();
    }
}
