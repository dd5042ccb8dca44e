package io.reseau.hostnet.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads nft's error output ({@code /dev/stdin:12:5-10: Error: …}) back onto the lines of the script. */
final class NftErrors {

    private static final Pattern LOCATED = Pattern.compile("^(?:/dev/stdin|-):(\\d+):[\\d\\-]+: Error: (.*)$");

    private NftErrors() {
    }

    static List<NftablesException.LineError> parse(String stderr, List<String> script) {
        List<NftablesException.LineError> errors = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            Matcher located = LOCATED.matcher(line.strip());
            if (located.matches()) {
                int number = Integer.parseInt(located.group(1));
                String text = number >= 1 && number <= script.size() ? script.get(number - 1) : "";
                errors.add(new NftablesException.LineError(number, text, located.group(2).strip()));
            }
        }
        return errors;
    }
}
