/*
 * date.c - civil dates as whole days since 1970-01-01 (proleptic Gregorian),
 * after Howard Hinnant's days_from_civil / civil_from_days algorithms.
 */
#include "masseflyt/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int32_t mf_date_from_ymd(int y, int m, int d)
{
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return (int32_t)(era * 146097 + doe - 719468);
}

void mf_date_ymd(int32_t days, int *y, int *m, int *d)
{
    long z = (long)days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;

    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : dim[m - 1];
}

int mf_date_parse(const char *s, int32_t *days, struct mf_error *err)
{
    int y, m, d, i;

    /* Exactly YYYY-MM-DD; Norwegian DD.MM.YYYY is accepted too, since
     * spreadsheets exported in Norway write dates that way. */
    if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
        for (i = 0; i < 10; i++)
            if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
                goto bad;
        y = (int)strtol(s, NULL, 10);
        m = (s[5] - '0') * 10 + (s[6] - '0');
        d = (s[8] - '0') * 10 + (s[9] - '0');
    } else if (strlen(s) == 10 && s[2] == '.' && s[5] == '.') {
        for (i = 0; i < 10; i++)
            if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9'))
                goto bad;
        d = (s[0] - '0') * 10 + (s[1] - '0');
        m = (s[3] - '0') * 10 + (s[4] - '0');
        y = (int)strtol(s + 6, NULL, 10);
    } else {
        goto bad;
    }
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return mf_error_set(err, MF_EINVAL,
                            "'%s' is not a real date between 1900 and 2200", s);
    *days = mf_date_from_ymd(y, m, d);
    return MF_OK;
bad:
    return mf_error_set(err, MF_EINVAL,
                        "'%s' is not a date (write YYYY-MM-DD or DD.MM.YYYY)",
                        s);
}

char *mf_date_format(int32_t days, char *buf, size_t len)
{
    int y, m, d;

    if (days == MF_DATE_NONE) {
        snprintf(buf, len, "%s", "");
        return buf;
    }
    mf_date_ymd(days, &y, &m, &d);
    if (len >= 11 && y >= 0 && y <= 9999) {
        /* Written by hand: this runs for every date of a large import. */
        buf[0] = (char)('0' + y / 1000);
        buf[1] = (char)('0' + y / 100 % 10);
        buf[2] = (char)('0' + y / 10 % 10);
        buf[3] = (char)('0' + y % 10);
        buf[4] = '-';
        buf[5] = (char)('0' + m / 10);
        buf[6] = (char)('0' + m % 10);
        buf[7] = '-';
        buf[8] = (char)('0' + d / 10);
        buf[9] = (char)('0' + d % 10);
        buf[10] = '\0';
        return buf;
    }
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
    return buf;
}

int32_t mf_date_today(void)
{
    /* The clock only: a date fixed for tests or reproducible runs is the
     * caller's (mf_catalog_set_today), never read from the environment
     * here, so the library means the same in every thread. */
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    return mf_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
