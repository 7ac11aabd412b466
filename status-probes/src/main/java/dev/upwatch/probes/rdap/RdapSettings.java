package dev.upwatch.probes.rdap;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.model.ProbeSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a monitor's {@code [DOMAIN_EXPIRATION]} comes from: the settings {@code rdap-server} (the base URL of an RDAP
 * service, e.g. {@code https://rdap.verisign.com/com/v1/}; when absent, the service is found in
 * {@code rdap-bootstrap}), {@code rdap-bootstrap} (IANA's bootstrap file of RDAP services by top-level domain, RFC 9224;
 * {@value #IANA_BOOTSTRAP} by default) and {@code rdap-domain} (the registered domain to look up; by default the
 * monitor's host, then each parent domain in turn until the RDAP service knows one).
 */
public record RdapSettings(Optional<URI> server, URI bootstrap, Optional<String> domain) {
    /** IANA's bootstrap file for domain names. */
    public static final String IANA_BOOTSTRAP = "https://data.iana.org/rdap/dns.json";

    public RdapSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(domain, "domain");
    }

    /** Reads the three settings (every http and tls monitor has them). */
    public static RdapSettings from(ProbeSettings settings) {
        Optional<URI> server = settings.string("rdap-server").map(text -> url(text, "rdap-server"))
                .map(url -> url.getRawPath() == null || url.getRawPath().endsWith("/") ? url
                        : URI.create(url + "/"));
        URI bootstrap = url(settings.string("rdap-bootstrap").orElse(IANA_BOOTSTRAP), "rdap-bootstrap");
        Optional<String> domain = settings.string("rdap-domain").map(name -> name.strip().toLowerCase(Locale.ROOT));
        domain.filter(name -> name.isEmpty() || name.indexOf('.') < 0
                || name.chars().anyMatch(c -> c <= ' ' || c == '/' || c == ':' || c >= 0x7f)).ifPresent(name -> {
                    throw new InvalidSettingException("rdap-domain",
                            "'" + name + "' is not a domain name (ASCII, international names in xn-- form)");
                });
        return new RdapSettings(server, bootstrap, domain);
    }

    private static URI url(String text, String key) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(key, "'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null || url.getRawUserInfo() != null) {
            throw new InvalidSettingException(key, "'" + text + "' is not an http(s) URL with a host");
        }
        return url;
    }
}
