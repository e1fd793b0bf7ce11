package io.scimrouter.config;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Each generic syntax called directly: ConfigKeys builds its types while its constants initialise, which a mutation
 * run cannot repeat, so every factory is exercised here with a good value and a bad one (exact message).
 */
class ValueTypeTest {
    enum Mode { ON, OFF, JSON }

    static <T> T read(ValueType<T> type, Object raw) {
        return type.read(ConfigValues.of(Map.of("k", raw)), "k", null);
    }

    static String refusal(ValueType<?> type, Object raw) {
        ConfigValues values = ConfigValues.of(Map.of("k", raw));
        Throwable thrown = catchThrowable(() -> type.read(values, "k", null));
        assertThat(thrown).as("refusal of %s", raw).isInstanceOf(ConfigException.class);
        return thrown.getMessage();
    }

    @Test
    void read_givesTheFallback_whenTheKeyCarriesNoValue() {
        assertThat(ValueType.text().read(ConfigValues.of(Map.of()), "k", "fallback")).isEqualTo("fallback");
        assertThat(ValueType.list().read(ConfigValues.of(Map.of()), "k", List.of("x"))).containsExactly("x");
    }

    @Test
    void text_takesTextAndWholeNumbers_andRefusesOtherScalars() {
        assertThat(ValueType.text().javaType()).isEqualTo(String.class);
        assertThat(read(ValueType.text(), "abc")).isEqualTo("abc");
        assertThat(read(ValueType.text(), 42)).isEqualTo("42");
        assertThat(read(ValueType.text(), 42L)).isEqualTo("42");
        assertThat(read(ValueType.text(), new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(refusal(ValueType.text(), true)).isEqualTo("k: 'true' must be text; put it in quotes");
        assertThat(refusal(ValueType.text(), 1.1)).isEqualTo("k: '1.1' must be text; put it in quotes");
    }

    @Test
    void flag_takesBooleansAndTheirWords() {
        assertThat(ValueType.flag().javaType()).isEqualTo(Boolean.class);
        assertThat(read(ValueType.flag(), true)).isTrue();
        assertThat(read(ValueType.flag(), false)).isFalse();
        assertThat(read(ValueType.flag(), " TRUE ")).isTrue();
        assertThat(read(ValueType.flag(), "False")).isFalse();
        assertThat(refusal(ValueType.flag(), "yes")).isEqualTo("k: 'yes' is not a boolean (write true or false)");
        assertThat(refusal(ValueType.flag(), 1)).isEqualTo("k: '1' is not a boolean (write true or false)");
    }

    @Test
    void longInteger_atAndPastBothEnds() {
        ValueType<Long> type = ValueType.longInteger(-5, 5);
        assertThat(type.javaType()).isEqualTo(Long.class);
        assertThat(read(type, -5)).isEqualTo(-5L);
        assertThat(read(type, 5L)).isEqualTo(5L);
        assertThat(read(type, " -5 ")).isEqualTo(-5L);
        assertThat(refusal(type, 6)).isEqualTo("k: '6' is out of range -5..5");
        assertThat(refusal(type, "-6")).isEqualTo("k: '-6' is out of range -5..5");
        assertThat(refusal(type, new BigInteger("99999999999999999999")))
                .isEqualTo("k: '99999999999999999999' is out of range -5..5");
        assertThat(refusal(type, "five")).isEqualTo("k: 'five' is not a whole number");
        assertThat(refusal(type, 1.0)).isEqualTo("k: '1.0' is not a whole number");
    }

    @Test
    void fraction_fromZeroToOne() {
        assertThat(ValueType.fraction().javaType()).isEqualTo(Double.class);
        assertThat(read(ValueType.fraction(), 0)).isEqualTo(0.0);
        assertThat(read(ValueType.fraction(), 1L)).isEqualTo(1.0);
        assertThat(read(ValueType.fraction(), 0.25)).isEqualTo(0.25);
        assertThat(read(ValueType.fraction(), " 0.01 ")).isEqualTo(0.01);
        assertThat(refusal(ValueType.fraction(), 1.000001)).isEqualTo("k: '1.000001' is out of range 0..1");
        assertThat(refusal(ValueType.fraction(), -0.1)).isEqualTo("k: '-0.1' is out of range 0..1");
        assertThat(refusal(ValueType.fraction(), "2")).isEqualTo("k: '2' is out of range 0..1");
        assertThat(refusal(ValueType.fraction(), "half"))
                .isEqualTo("k: 'half' is not a number from 0 to 1 (e.g. 0.01)");
    }

    @Test
    void intSize_atAndPastBothEnds() {
        ValueType<Integer> type = ValueType.intSize(1, 1024);
        assertThat(type.javaType()).isEqualTo(Integer.class);
        assertThat(read(type, "1KiB")).isEqualTo(1024);
        assertThat(read(type, 1)).isEqualTo(1);
        assertThat(read(type, 1024L)).isEqualTo(1024);
        assertThat(refusal(type, "1025")).isEqualTo("k: '1025' is out of range 1..1024");
        assertThat(refusal(type, 0)).isEqualTo("k: '0' is out of range 1..1024");
        assertThat(refusal(type, true)).isEqualTo("k: 'true' is not a size " + Sizes.HINT);
    }

    @Test
    void size_readsTextAndWholeNumbers_andNothingElse() {
        ValueType<Long> type = ValueType.size(0, 2048);
        assertThat(type.javaType()).isEqualTo(Long.class);
        assertThat(read(type, "2KiB")).isEqualTo(2048L);
        assertThat(read(type, 0)).isEqualTo(0L);
        assertThat(read(type, 2048L)).isEqualTo(2048L);
        assertThat(refusal(type, 2049)).isEqualTo("k: '2049' is out of range 0..2048");
        assertThat(refusal(type, List.of("1"))).isEqualTo("k: '[1]' is not a size " + Sizes.HINT);
        assertThat(refusal(type, 1.5)).isEqualTo("k: '1.5' is not a size " + Sizes.HINT);
    }

    @Test
    void durations_zeroOnlyWhereItSwitchesSomethingOff() {
        assertThat(ValueType.durationOrZero().javaType()).isEqualTo(Duration.class);
        assertThat(read(ValueType.durationOrZero(), "0ms")).isEqualTo(Duration.ZERO);
        assertThat(read(ValueType.durationOrZero(), "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(refusal(ValueType.durationOrZero(), "soon"))
                .isEqualTo("k: 'soon' is not a duration " + Durations.HINT);
        assertThat(read(ValueType.duration(), "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(refusal(ValueType.duration(), "0ms")).isEqualTo("k: must be greater than 0 " + Durations.HINT);
    }

    @Test
    void choice_inAnyLetterCase_onAndOffFromYamlBooleans() {
        ValueType<Mode> type = ValueType.choice(Mode.class);
        assertThat(type.javaType()).isEqualTo(Mode.class);
        assertThat(read(type, " Json ")).isEqualTo(Mode.JSON);
        assertThat(read(type, true)).isEqualTo(Mode.ON);
        assertThat(read(type, false)).isEqualTo(Mode.OFF);
        assertThat(read(type, "OFF")).isEqualTo(Mode.OFF);
        assertThat(refusal(type, "xml")).isEqualTo("k: 'xml' is not one of on, off, json");
        assertThat(refusal(type, 5)).isEqualTo("k: '5' is not one of on, off, json");
    }

    @Test
    void list_fromSequencesAndCommaSeparatedText() {
        assertThat(ValueType.list().javaType()).isEqualTo(List.class);
        assertThat(read(ValueType.list(), List.of("a", " b ", 7))).containsExactly("a", "b", "7");
        assertThat(read(ValueType.list(), "a, b")).containsExactly("a", "b");
        assertThat(read(ValueType.list(), "")).isEmpty();
        assertThat(read(ValueType.list(), " ")).isEmpty();
        assertThat(refusal(ValueType.list(), "a,,b")).isEqualTo("k: item 1 is empty");
        assertThat(refusal(ValueType.list(), Arrays.asList("a", null))).isEqualTo("k: item 1 is empty");
        assertThat(refusal(ValueType.list(), List.of(true))).isEqualTo("k[0]: 'true' must be text; put it in quotes");
        assertThat(refusal(ValueType.list(), 5)).isEqualTo("k: must be a list");
    }

    @Test
    void listOf_checksEachItem_andNamesTheOneItRefuses() {
        ValueType<List<Integer>> type = ValueType.listOf((values, key, text) -> {
            if (text.equals("bad")) {
                throw values.fail(key, "no");
            }
            return text.length();
        });
        assertThat(type.javaType()).isEqualTo(List.class);
        assertThat(read(type, List.of("ab", "c"))).containsExactly(2, 1);
        assertThat(read(type, "abc,de")).containsExactly(3, 2);
        assertThat(refusal(type, List.of("ok", "bad"))).isEqualTo("k[1]: no");
    }

    @Test
    void tree_isTheParsedDocument_andAnEmptyVariableIsAnEmptyList() {
        ValueType<Object> type = ValueType.tree();
        assertThat(type.javaType()).isEqualTo(Object.class);
        List<Map<String, Object>> tree = List.of(Map.of("a", 1));
        assertThat(read(type, tree)).isEqualTo(tree);
        assertThat(type.fromEnvironment("V", " ")).isEqualTo(List.of());
        assertThat(type.fromEnvironment("V", "[{a: 1}]")).isEqualTo(List.of(Map.of("a", 1)));
        assertThat(type.fromEnvironment("V", "null")).isEqualTo(List.of());
    }

    @Test
    void fromEnvironment_givesScalarsAndListsTheTextItself() {
        assertThat(ValueType.text().fromEnvironment("V", " x ")).isEqualTo(" x ");
        assertThat(ValueType.list().fromEnvironment("V", "a,b")).isEqualTo("a,b");
    }

    @Test
    void documented_writesListDefaultsInBrackets() {
        assertThat(ValueType.list().documented("Users, Groups")).isEqualTo("[Users, Groups]");
        assertThat(ValueType.list().documented("")).isEqualTo("[]");
        assertThat(ValueType.text().documented("/scim/v2")).isEqualTo("/scim/v2");
        assertThat(ValueType.tree().documented("[]")).isEqualTo("[]");
    }

    @Test
    void then_appliesTheCheckToEveryValue_andKeepsTheShape() {
        ValueType<Integer> length = ValueType.text().then(Integer.class, (values, key, text) -> text.length());
        assertThat(length.javaType()).isEqualTo(Integer.class);
        assertThat(read(length, "abc")).isEqualTo(3);
        assertThat(refusal(length, true)).isEqualTo("k: 'true' must be text; put it in quotes");
        ValueType<Integer> count = ValueType.list().then(Integer.class, (values, key, items) -> items.size());
        assertThat(read(count, "")).isZero();
        assertThat(count.documented("a")).isEqualTo("[a]");
    }
}
