package dev.upwatch.notify;

import dev.upwatch.notify.subscription.SubscriptionTokens;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the page's subscribers are told.
 *
 * @param pageTitle  the page's title, named in every mail
 * @param publicUrl  the page's public address: confirmation and unsubscribe links start with it
 * @param mail       the SMTP server and sender of subscribers' mails; empty: no email subscriptions
 * @param tokens     signs the links
 * @param sendEvery  the least time between two sends to subscribers, mails and webhooks together (the rate bound)
 */
public record SubscriberSettings(String pageTitle, URI publicUrl, Optional<ChannelSettings> mail,
                                 SubscriptionTokens tokens, Duration sendEvery) {
    public SubscriberSettings {
        Objects.requireNonNull(pageTitle, "pageTitle");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(sendEvery, "sendEvery");
        ChannelSettings.checkUrl("publicUrl", publicUrl);
        if (sendEvery.isNegative()) {
            throw new IllegalArgumentException("sendEvery must not be negative");
        }
    }

    /**
     * The mail settings of subscribers: the SMTP server at {@code smtpUrl} ({@code smtp://host:port} or
     * {@code smtps://…}), sending as {@code from}, with an optional login.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public static ChannelSettings mail(URI smtpUrl, String from, Optional<String> username, Optional<String> password) {
        Map<String, String> options = new HashMap<>();
        options.put(ChannelSettings.FROM_KEY, from);
        options.put(ChannelSettings.TO_KEY, from); // each message names its own recipient
        username.ifPresent(u -> options.put(ChannelSettings.USERNAME_KEY, u));
        password.ifPresent(p -> options.put(ChannelSettings.PASSWORD_KEY, p));
        return new ChannelSettings(SubscriberNotifier.EMAIL_CHANNEL, ChannelType.EMAIL, smtpUrl, Optional.empty(),
                EnumSet.of(EventType.INCIDENT), Optional.empty(), options, Optional.empty(), FlapRule.DEFAULT);
    }
}
