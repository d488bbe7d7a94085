package io.kubelode.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's memory ({@code /proc/<pid>/status}) and CPU time ({@code /proc/<pid>/stat}). */
final class Proc {
    /** Linux USER_HZ: clock ticks per second of utime/stime (100 on every mainstream kernel). */
    private static final long HZ = 100;

    private Proc() {
    }

    /** VmRSS in kB, -1 if the process is gone. */
    static long rssKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    /** VmHWM (peak resident set) in kB, -1 if the process is gone. */
    static long hwmKb(long pid) {
        return statusKb(pid, "VmHWM:");
    }

    private static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** User + system CPU time of the process (its own threads) in ms, -1 if gone. */
    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name (field 2) may hold spaces: fields after the closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 1000 / HZ;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The 1-minute load average. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
