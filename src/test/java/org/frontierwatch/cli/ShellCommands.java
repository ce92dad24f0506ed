package org.frontierwatch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the {@code frontier-watch} invocations in documented shell lines: consumes the lines of a code block,
 * produces the argument list of every command that runs {@code frontier-watch ARGS} or
 * {@code java [JVM options] -jar .../frontier-watch.jar ARGS}. Joins lines continued with a backslash, drops shell
 * comments, honours single and double quotes, skips leading {@code VAR=value} assignments, and ends a command's
 * arguments at a pipe, a list operator or a redirection. Nothing is expanded: globs and variables stay words.
 */
final class ShellCommands {

    private static final Set<String> SEPARATORS = Set.of("|", "||", "&&", ";", "&");

    private ShellCommands() {
    }

    /** A command found in the docs: where it is and the arguments that follow the program. */
    record Invocation(String where, List<String> args) {
    }

    /** The logical lines of a block: continuation lines joined to the line they continue. */
    static List<MarkdownFile.Line> logicalLines(List<MarkdownFile.Line> lines) {
        List<MarkdownFile.Line> out = new ArrayList<>();
        StringBuilder current = null;
        int first = 0;
        for (MarkdownFile.Line l : lines) {
            if (current == null) {
                current = new StringBuilder();
                first = l.number();
            }
            String text = l.text();
            if (text.endsWith("\\")) {
                current.append(text, 0, text.length() - 1).append(' ');
            } else {
                out.add(new MarkdownFile.Line(first, current.append(text).toString()));
                current = null;
            }
        }
        if (current != null) {
            out.add(new MarkdownFile.Line(first, current.toString()));
        }
        return out;
    }

    /** The arguments of every frontier-watch command on one logical line. */
    static List<List<String>> invocations(String line) {
        List<List<String>> found = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (String word : words(line)) {
            if (SEPARATORS.contains(word)) {
                addIfFrontierWatch(command, found);
                command = new ArrayList<>();
            } else {
                command.add(word);
            }
        }
        addIfFrontierWatch(command, found);
        return found;
    }

    private static void addIfFrontierWatch(List<String> command, List<List<String>> found) {
        int i = 0;
        while (i < command.size() && command.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            i++;
        }
        int argsFrom = -1;
        if (i < command.size() && command.get(i).equals("frontier-watch")) {
            argsFrom = i + 1;
        } else if (i < command.size() && command.get(i).equals("java")) {
            int jar = command.indexOf("-jar");
            if (jar > i && jar + 1 < command.size() && command.get(jar + 1).endsWith("frontier-watch.jar")) {
                argsFrom = jar + 2;
            }
        }
        if (argsFrom < 0) {
            return;
        }
        List<String> args = new ArrayList<>();
        for (String word : command.subList(argsFrom, command.size())) {
            if (word.matches("\\d?[<>].*")) {
                break; // a redirection: what follows is the shell's, not ours
            }
            args.add(word);
        }
        found.add(args);
    }

    /** Shell words: quotes removed, operators as words of their own, a comment ending the line. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                w = w == null ? new StringBuilder() : w;
            } else if (Character.isWhitespace(c)) {
                w = flush(w, words);
            } else if (c == '#' && w == null) {
                break;
            } else if (c == '|' || c == '&' || c == ';') {
                w = flush(w, words);
                boolean doubled = i + 1 < line.length() && line.charAt(i + 1) == c && c != ';';
                words.add(doubled ? "" + c + c : "" + c);
                i += doubled ? 1 : 0;
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        flush(w, words);
        return words;
    }

    private static StringBuilder flush(StringBuilder w, List<String> words) {
        if (w != null) {
            words.add(w.toString());
        }
        return null;
    }
}
