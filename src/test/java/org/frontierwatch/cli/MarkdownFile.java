package org.frontierwatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file of the docs, read the way GitHub renders it as far as the docs test needs: consumes the file's
 * text, produces its fenced code blocks, its indented code lines, its prose lines (outside code blocks), the
 * anchors of its headings (GitHub's slugs) and its link targets.
 */
final class MarkdownFile {

    /** A fenced code block: its info string (e.g. {@code sh}, empty when none) and its lines with line numbers. */
    record CodeBlock(String info, List<Line> lines) {
    }

    /** A line of the file and its 1-based number. */
    record Line(int number, String text) {
    }

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+)\\s*([\\w-]*).*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern TEXT_OF_LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");

    private final Path path;
    private final List<CodeBlock> codeBlocks = new ArrayList<>();
    private final List<Line> prose = new ArrayList<>();
    private final Set<String> anchors = new LinkedHashSet<>();

    private MarkdownFile(Path path) {
        this.path = path;
    }

    static MarkdownFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MarkdownFile md = new MarkdownFile(path);
        Map<String, Integer> seen = new HashMap<>();
        String fence = null;
        List<Line> block = null;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            Matcher f = FENCE.matcher(text);
            if (fence == null && f.matches()) {
                fence = f.group(1);
                block = new ArrayList<>();
                md.codeBlocks.add(new CodeBlock(f.group(2).toLowerCase(Locale.ROOT), block));
            } else if (fence != null && text.trim().startsWith(fence) && text.trim().replace(fence, "").isBlank()) {
                fence = null;
            } else if (fence != null) {
                block.add(new Line(i + 1, text));
            } else {
                md.prose.add(new Line(i + 1, text));
                Matcher h = HEADING.matcher(text);
                if (h.matches()) {
                    // GitHub numbers repeated slugs: the second "usage" is "usage-1".
                    String slug = slug(h.group(2));
                    int n = seen.merge(slug, 1, Integer::sum) - 1;
                    md.anchors.add(n == 0 ? slug : slug + "-" + n);
                }
            }
        }
        return md;
    }

    /**
     * GitHub's anchor for a heading: the text of its links, lower-cased, every character that is not a letter,
     * mark, digit, connector (underscore), space or hyphen removed, then each space a hyphen.
     */
    static String slug(String heading) {
        String text = TEXT_OF_LINK.matcher(heading).replaceAll("$1").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }

    Path path() {
        return path;
    }

    List<CodeBlock> codeBlocks() {
        return codeBlocks;
    }

    /** Lines outside fenced code blocks (indented code lines included: Markdown's indented blocks are rare here). */
    List<Line> prose() {
        return prose;
    }

    Set<String> anchors() {
        return anchors;
    }

    /** Link and image targets outside code (fenced or inline), each with its line. */
    List<Line> links() {
        List<Line> links = new ArrayList<>();
        for (Line l : prose) {
            Matcher m = LINK.matcher(INLINE_CODE.matcher(l.text()).replaceAll(""));
            while (m.find()) {
                links.add(new Line(l.number(), m.group(1)));
            }
        }
        return links;
    }

    /** Every line of the file, code and prose, in order. */
    List<Line> allLines() {
        List<Line> all = new ArrayList<>(prose);
        codeBlocks.forEach(b -> all.addAll(b.lines()));
        all.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return all;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
