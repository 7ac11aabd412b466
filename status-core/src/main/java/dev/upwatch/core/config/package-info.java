/**
 * The configuration as a format-neutral tree ({@link dev.upwatch.core.config.ConfigNode}), produced alike by the YAML
 * file and the admin API's JSON, and the typed, range-checked reads every section reader uses
 * ({@link dev.upwatch.core.config.ConfigReader}, {@link dev.upwatch.core.config.ConfigMap}): each problem names its
 * source, line and key path, and all problems are reported at once. JDK only; parsing YAML or JSON is an adapter's job.
 */
package dev.upwatch.core.config;
