package dev.upwatch.core.service;

import dev.upwatch.core.model.PushSettings;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.NoVerdictException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.probe.PushInbox;
import dev.upwatch.core.rule.PushRule;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Checks a push monitor: applies {@link PushRule} to its latest push. Built, it accepts pushes with its token (its
 * {@link PushInbox.Mailbox}); closed, it stops. A push that says up is a connected outcome, an overdue or down push
 * is an unreachable one with the rule's reason, and before the first push is due there is no verdict
 * ({@link NoVerdictException}, an ERROR sample).
 */
final class PushProbe implements Probe {
    private final PushSettings settings;
    private final PushInbox inbox;
    private final Clock clock;
    private final PushInbox.Mailbox mailbox;

    PushProbe(PushSettings settings, PushInbox inbox, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mailbox = inbox.open(settings.token(), this);
    }

    @Override
    public ProbeOutcome probe(ProbeContext context) {
        Sample verdict = PushRule.verdict(context.monitorId(), inbox.latest(context.monitorId()), inbox.watchingSince(),
                clock.instant(), context.interval().plus(settings.grace()));
        return switch (verdict.outcome()) {
            case SUCCESS -> ProbeOutcome.builder().connected(true).elapsed(Duration.ZERO).build();
            case FAILURE -> ProbeOutcome.builder().elapsed(Duration.ZERO).error(verdict.error().orElse("push failed"))
                    .build();
            default -> throw new NoVerdictException(verdict.error().orElse("no verdict yet"));
        };
    }

    @Override
    public void close() {
        mailbox.close();
    }
}
