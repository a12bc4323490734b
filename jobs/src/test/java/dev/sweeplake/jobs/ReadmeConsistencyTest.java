package dev.sweeplake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sweeplake.jobs.ann.VectorSourceConfigTest;
import dev.sweeplake.jobs.sweep.Objectives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's lists of input formats and sweep objectives are the ones the code accepts. */
class ReadmeConsistencyTest {
    private static final Path README = Path.of("..", "README.md");

    private static String line(String startsWith) throws IOException {
        List<String> lines = Files.readAllLines(README);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(startsWith)
                    || (b.length() == 0 && lines.get(i).contains(startsWith))) {
                b.append(lines.get(i).substring(lines.get(i).indexOf(startsWith)));
                // a list item or sentence continues on the next lines until a full stop or the next item
                for (int j = i + 1;
                        j < lines.size()
                                && !lines.get(j).startsWith("- ")
                                && !lines.get(j).isBlank();
                        j++) {
                    b.append(' ').append(lines.get(j).trim());
                }
                return b.toString();
            }
        }
        throw new AssertionError("README has no line with '" + startsWith + "'");
    }

    @Test
    void inputFormatsAreTheConfigsFormats() throws IOException {
        String inputs = line("- **Inputs**:");
        String list = inputs.substring(0, inputs.indexOf(';')).replace("- **Inputs**:", "");
        TreeSet<String> named = new TreeSet<>();
        for (String f : list.split("[,/]")) {
            named.add(f.trim().toLowerCase(Locale.ROOT));
        }
        assertEquals(new TreeSet<>(VectorSourceConfigTest.formats()), named, inputs);
    }

    @Test
    void objectivesAreTheRegisteredOnes() throws IOException {
        String s = line("Objectives: `");
        // the names are the back-quoted words outside the parenthesised descriptions, up to the sentence's end
        String names = s.replaceAll("\\([^)]*\\)", "");
        Matcher m = Pattern.compile("`([a-z0-9-]+)`").matcher(names.substring(0, names.indexOf('.')));
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertEquals(new TreeSet<>(Objectives.names()), new TreeSet<>(named), s);
    }
}
