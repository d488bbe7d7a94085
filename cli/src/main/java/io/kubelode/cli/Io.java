package io.kubelode.cli;

import java.io.PrintWriter;
import java.time.Clock;

/**
 * Where a command writes, and what it knows about its surroundings; tests pass their own.
 *
 * @param out      results (tables, JSON, YAML, progress)
 * @param err      problems and hints
 * @param terminal whether stdout is a terminal: progress bars instead of one line per event
 * @param columns  the terminal's width: progress lines are cut to it so that redrawing works
 * @param clock    the wall clock, for ages and elapsed times
 */
public record Io(PrintWriter out, PrintWriter err, boolean terminal, int columns, Clock clock) {
}
