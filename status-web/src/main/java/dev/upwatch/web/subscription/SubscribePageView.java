package dev.upwatch.web.subscription;

import dev.upwatch.web.page.StatusPageView;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The model of {@code subscribe.ftlh}: one page in several states (the form, "check your inbox", confirm, confirmed,
 * invalid link, unsubscribe, unsubscribed), with its texts already taken from the subscription bundle.
 *
 * @param title    the page's title
 * @param chrome   logo, links and footer of the page
 * @param state    {@code form}, {@code sent}, {@code confirm}, {@code confirmed}, {@code invalid}, {@code unsubscribe}
 *                 or {@code unsubscribed}
 * @param text     the texts of this state by key (e.g. {@code heading}, {@code lead})
 * @param email    the address the reader typed (the form again after an error)
 * @param error    what is wrong with the reader's input; empty when nothing is
 * @param field    which field {@code error} concerns ({@code email} or {@code services})
 * @param services the services a reader may choose
 * @param token    the signed token the state's button posts back
 */
public record SubscribePageView(String title, StatusPageView.ChromeView chrome, String state, Map<String, String> text,
                                String email, String error, String field, List<Choice> services, String token) {
    public SubscribePageView {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(chrome, "chrome");
        Objects.requireNonNull(state, "state");
        text = Map.copyOf(text);
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(field, "field");
        services = List.copyOf(services);
        Objects.requireNonNull(token, "token");
    }

    /**
     * A service in the form.
     *
     * @param id      its id, the value posted
     * @param name    its name, the label
     * @param checked whether the reader chose it
     */
    public record Choice(String id, String name, boolean checked) {
    }
}
