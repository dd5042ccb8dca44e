package io.reseau.ingress.model;

import java.util.List;

/**
 * What a FastCGI backend ({@code backend-protocol: FCGI}) is sent besides the request: {@code index}, the file name
 * added to a path ending in {@code /} to make {@code $fastcgi_script_name} ({@code fastcgi-index}; empty: none), and
 * {@code params}, parameters each replacing the standard one of its name or added after them
 * ({@code fastcgi-params-configmap}), written as fields are: a name and a value whose nginx variables are filled in
 * for each request.
 */
public record FastCgi(String index, List<HeaderEdits.Field> params) {

    /** ingress-nginx's defaults: no index, the standard parameters only. */
    public static final FastCgi NONE = new FastCgi("", List.of());

    public FastCgi {
        params = List.copyOf(params);
    }

    /** This index with these parameters. */
    public FastCgi withParams(List<HeaderEdits.Field> added) {
        return new FastCgi(index, added);
    }
}
