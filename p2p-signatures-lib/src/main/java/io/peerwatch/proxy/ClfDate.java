package io.peerwatch.proxy;

/**
 * Allocation-free parser for the Common Log Format date {@code dd/Mon/yyyy:HH:mm:ss +hhmm}
 * (Squid's default %tl/%tg layout and Apache's %t without brackets).
 */
final class ClfDate {
    static final long INVALID = Long.MIN_VALUE;

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final int LENGTH = 26;
    private static final int DAYS_0000_TO_1970 = 719_468;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final int MINUTES_PER_HOUR = 60;
    private static final int SECONDS_PER_MINUTE = 60;
    private static final long MILLIS = 1000L;

    private ClfDate() {
    }

    /** Epoch milliseconds, or {@link #INVALID}. */
    static long parse(String s) {
        if (s.length() != LENGTH || s.charAt(2) != '/' || s.charAt(6) != '/' || s.charAt(11) != ':'
                || s.charAt(14) != ':' || s.charAt(17) != ':' || s.charAt(20) != ' ') {
            return INVALID;
        }
        int day = digits(s, 0, 2);
        int month = month(s);
        int year = digits(s, 7, 4);
        int hour = digits(s, 12, 2);
        int minute = digits(s, 15, 2);
        int second = digits(s, 18, 2);
        char sign = s.charAt(21);
        int zh = digits(s, 22, 2);
        int zm = digits(s, 24, 2);
        if (day < 1 || day > 31 || month < 0 || year < 0 || hour > 23 || minute > 59
                || second > 60 || zh < 0 || zm < 0 || (sign != '+' && sign != '-')) {
            return INVALID;
        }
        long days = daysFromCivil(year, month + 1, day);
        long secs = days * SECONDS_PER_DAY + (long) hour * 3600 + minute * SECONDS_PER_MINUTE + second;
        long offset = ((long) zh * MINUTES_PER_HOUR + zm) * SECONDS_PER_MINUTE;
        secs -= sign == '+' ? offset : -offset;
        return secs * MILLIS;
    }

    private static int month(String s) {
        for (int m = 0; m < 12; m++) {
            if (s.regionMatches(3, MONTHS, m * 3, 3)) {
                return m;
            }
        }
        return -1;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - DAYS_0000_TO_1970;
    }
}
