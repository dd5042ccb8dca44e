package io.reseau.ingress.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** nginx map source values: whole values in any case, ~ and ~* regular expressions found anywhere. */
class ValuePatternTest {

    @Test
    void aPlainEntryIsTheWholeValueInAnyCase() {
        ValuePattern exact = ValuePattern.parse(" Mozilla/4.0 (compatible; MSIE 6.0) ");

        assertThat(exact.matches("mozilla/4.0 (COMPATIBLE; msie 6.0)")).isTrue();
        assertThat(exact.matches("Mozilla/4.0 (compatible; MSIE 6.0); more")).isFalse();
        assertThat(exact.matches(null)).isFalse();
    }

    @Test
    void tildeEntriesAreRegularExpressionsFoundAnywhereCaseSensitiveOrNot() {
        assertThat(ValuePattern.parse("~bot").matches("Googlebot/2.1")).isTrue();
        assertThat(ValuePattern.parse("~bot").matches("GoogleBOT/2.1")).isFalse();
        assertThat(ValuePattern.parse("~*bot").matches("GoogleBOT/2.1")).isTrue();
        assertThat(ValuePattern.parse("~^curl").matches("a curl")).isFalse();
    }

    @Test
    void aListIsCommaSeparatedAndABadExpressionSaysWhy() {
        assertThat(ValuePattern.list("~*bot, ,wget")).extracting(ValuePattern::text).containsExactly("~*bot", "wget");
        assertThatThrownBy(() -> ValuePattern.parse("~*(bot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'~*(bot' is not a valid regular expression: ");
    }
}
