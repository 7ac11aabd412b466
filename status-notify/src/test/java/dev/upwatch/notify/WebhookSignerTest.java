package dev.upwatch.notify;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignerTest {
    /*
     * The reference vector of the Standard Webhooks libraries: test_sign_function in
     * standard-webhooks/standard-webhooks libraries/python/tests/test_webhooks.py and verifyWebhookSignWorks in
     * libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java both expect this signature.
     */
    private static final String REFERENCE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String REFERENCE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long REFERENCE_TIMESTAMP = 1614265330;
    private static final String REFERENCE_PAYLOAD = "{\"test\": 2432232314}";
    private static final String REFERENCE_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final Instant REFERENCE_NOW = Instant.ofEpochSecond(REFERENCE_TIMESTAMP);
    private static final byte[] REFERENCE_BODY = REFERENCE_PAYLOAD.getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheStandardWebhooksReferenceVector() {
        WebhookSigner signer = WebhookSigner.fromSecret(REFERENCE_SECRET);

        assertEquals(REFERENCE_SIGNATURE, signer.sign(REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_PAYLOAD));
        assertEquals(REFERENCE_SIGNATURE, signer.sign(REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_BODY));
    }

    @Test
    void verifiesTheReferenceSignature() {
        WebhookSigner signer = WebhookSigner.fromSecret(REFERENCE_SECRET);

        assertTrue(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, REFERENCE_SIGNATURE, REFERENCE_NOW));
    }

    @Test
    void rejectsATamperedBodyIdOrTimestamp() {
        WebhookSigner signer = WebhookSigner.fromSecret(REFERENCE_SECRET);
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

        assertFalse(signer.verify(REFERENCE_ID, "1614265330", tampered, REFERENCE_SIGNATURE, REFERENCE_NOW));
        assertFalse(signer.verify("msg_other", "1614265330", REFERENCE_BODY, REFERENCE_SIGNATURE, REFERENCE_NOW));
        assertFalse(signer.verify(REFERENCE_ID, "1614265331", REFERENCE_BODY, REFERENCE_SIGNATURE, REFERENCE_NOW));
        assertFalse(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=",
                REFERENCE_NOW));
    }

    @Test
    void rejectsAnotherVersionMalformedHeadersAndAMissingHeader() {
        WebhookSigner signer = WebhookSigner.fromSecret(REFERENCE_SECRET);

        assertFalse(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY,
                "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", REFERENCE_NOW));
        assertFalse(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, "invalid_signature", REFERENCE_NOW));
        assertFalse(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, "v1,not base64!", REFERENCE_NOW));
        assertFalse(signer.verify(REFERENCE_ID, "hello", REFERENCE_BODY, REFERENCE_SIGNATURE, REFERENCE_NOW));
        assertFalse(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, null, REFERENCE_NOW));
    }

    @Test
    void acceptsOneValidSignatureAmongSeveral() {
        WebhookSigner signer = WebhookSigner.fromSecret(REFERENCE_SECRET);
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + REFERENCE_SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

        assertTrue(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, header, REFERENCE_NOW));
    }

    @Test
    void rejectsTimestampsOutsideTheTolerance() {
        WebhookSigner signer = WebhookSigner.fromSecret(REFERENCE_SECRET);
        Duration justOver = WebhookSigner.DEFAULT_TOLERANCE.plusSeconds(1);

        assertTrue(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, REFERENCE_SIGNATURE,
                REFERENCE_NOW.plus(WebhookSigner.DEFAULT_TOLERANCE)));
        assertFalse(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, REFERENCE_SIGNATURE,
                REFERENCE_NOW.plus(justOver)));
        assertFalse(signer.verify(REFERENCE_ID, "1614265330", REFERENCE_BODY, REFERENCE_SIGNATURE,
                REFERENCE_NOW.minus(justOver)));
    }

    @Test
    void aSecretWithoutThePrefixIsUsedAsItsUtf8Bytes() throws Exception {
        String raw = "correct horse battery staple";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(raw.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((REFERENCE_ID + "." + REFERENCE_TIMESTAMP + "." + REFERENCE_PAYLOAD).getBytes(StandardCharsets.UTF_8)));

        assertEquals(expected, WebhookSigner.fromSecret(raw).sign(REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_PAYLOAD));
    }

    @Test
    void invalidSecretsAreNamedButNotRepeated() {
        var blank = assertThrows(IllegalArgumentException.class, () -> WebhookSigner.fromSecret("  "));
        var notBase64 = assertThrows(IllegalArgumentException.class, () -> WebhookSigner.fromSecret("whsec_n0t*base64!"));
        var empty = assertThrows(IllegalArgumentException.class, () -> WebhookSigner.fromSecret("whsec_"));

        assertTrue(blank.getMessage().startsWith("secret"), blank.getMessage());
        assertTrue(notBase64.getMessage().startsWith("secret"), notBase64.getMessage());
        assertFalse(notBase64.getMessage().contains("n0t*base64!"), notBase64.getMessage());
        assertTrue(empty.getMessage().startsWith("secret"), empty.getMessage());
    }
}
