package org.frontierwatch.config;

/**
 * A configuration problem that must stop start-up. The message always names the file, the key and the problem,
 * e.g. {@code config/rules.yaml: rules[2] (id=border-incursions).levels[0].severity: 'Huge' is not one of ...}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String file, String key, String problem) {
        super(file + ": " + key + ": " + problem);
    }

    public ConfigException(String file, String key, String problem, Throwable cause) {
        super(file + ": " + key + ": " + problem, cause);
    }
}
