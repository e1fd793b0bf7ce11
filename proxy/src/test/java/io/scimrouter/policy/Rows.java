package io.scimrouter.policy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test table written as text: one row a line, columns separated by {@code |} and trimmed, the first line naming
 * the columns, lines starting with {@code //} for comments. Tables become {@code @TestFactory} dynamic tests: one test
 * per row, while the per-test leak check (a collector run) runs once per table.
 */
final class Rows {
    private Rows() {
    }

    static Stream<List<String>> of(String table) {
        return table.lines().skip(1).map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("//"))
                .map(line -> Arrays.stream(line.split("\\|", -1)).map(String::trim).toList());
    }
}
