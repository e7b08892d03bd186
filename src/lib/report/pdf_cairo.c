/*
 * pdf_cairo.c - mf_report_pdf_cairo: the report drawn as PDF with cairo
 * (cairo.c lays the blocks out on A4 pages), written to a temporary file
 * beside the target and renamed into place.
 *
 * The library runs no other program: printing the HTML report with
 * headless Chromium, which gives the best layout where it is installed,
 * is the use-case layer's (src/app/report.c, through src/app/runner.c),
 * which falls back to this function.
 */
#include "masseflyt/report.h"

#include "report/report_int.h"
#include "util/atomic_file.h"

int mf_report_pdf_cairo(const struct mf_report_input *in, const char *pdf_path,
                        struct mf_error *err)
{
    struct atomic_file af;
    struct report r;
    int rc;

    /* cairo writes the file by name, so the temporary file is handed to
     * it by path and renamed over the target when it is complete. */
    rc = atomic_file_begin(&af, pdf_path, ATOMIC_PATH, err);
    if (rc)
        return rc;
    rc = report_open(&r, in, 1, err);
    if (rc == MF_OK)
        rc = report_cairo_pdf(&r, af.tmp, err);
    report_close(&r);
    if (rc != MF_OK) {
        atomic_file_abort(&af);
        return rc;
    }
    return atomic_file_commit(&af, err);
}
