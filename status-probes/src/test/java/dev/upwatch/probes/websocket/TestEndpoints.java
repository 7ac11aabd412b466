package dev.upwatch.probes.websocket;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** The test server's WebSocket endpoints; public, as Jetty calls endpoints through method handles. */
public final class TestEndpoints {
    private TestEndpoints() {
    }

    /** Answers each text message with {@code echo: } and the message. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText("echo: " + message, Callback.NOOP);
        }
    }

    /** Sends a JSON greeting as soon as the socket is open. */
    public static final class Greet implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketOpen(Session opened) {
            opened.sendText("{\"status\":\"ready\"}", Callback.NOOP);
        }
    }

    /** Never sends anything. */
    public static final class Silent implements Session.Listener.AutoDemanding {
    }

    /** Closes with 4001 as soon as the socket is open. */
    public static final class Bye implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketOpen(Session opened) {
            opened.close(4001, "going away", Callback.NOOP);
        }
    }
}
