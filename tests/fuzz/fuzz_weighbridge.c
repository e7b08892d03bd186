/*
 * fuzz_weighbridge.c - the weighbridge export reader (io/weighbridge.c)
 * and the times it reads (mf_time_parse), fed any bytes as a CSV file.
 * Its promises are checked: a file without problems gives loads whose
 * required fields are all set, with a quantity above 0, a volume state,
 * a receipt that arrives no earlier than its ticket left and a rejection
 * that says why; every time read formats back to a time that reads as
 * the same minute (or the hour the clocks repeat). A broken promise
 * aborts.
 */
#include "masseflyt/weighbridge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_time(int64_t t)
{
    char buf[32];
    int64_t back;

    mf_time_format(t, buf, sizeof buf);
    if (mf_time_parse(buf, &back, NULL))
        abort();
    if (back != t - (t % 60 + 60) % 60 && back != t - (t % 60 + 60) % 60 - 3600)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct mf_catalog *cat;
    struct mf_weighbridge *wb = NULL;
    struct mf_issues is;
    struct mf_error err;
    size_t i;

    if (!cat && mf_catalog_load(&cat, NULL, &err) != MF_OK)
        abort();
    mf_issues_init(&is, 20);
    if (mf_weighbridge_read(NULL, cat, "fuzz.csv", (const char *)data, size,
                            &wb, &is, &err) == MF_OK) {
        if (!wb)
            abort();
        for (i = 0; i < wb->n && is.count[MF_SEV_ERROR] == 0; i++) {
            const struct mf_wb_load *l = &wb->loads[i];
            const struct mf_ticket *t = &l->ticket;
            if (!t->id || !t->lot || !t->origin || !t->destination ||
                !t->haulier || strlen(t->haulier) != 9 || !t->vehicle ||
                t->material < 0 || !(t->quantity > 0) ||
                t->state == MF_STATE_NONE || l->line < 2)
                abort();
            check_time(t->departed);
            if (l->has_receipt) {
                const struct mf_receipt *r = &l->receipt;
                if (!r->id || r->arrived < t->departed ||
                    strcmp(r->ticket, t->id) ||
                    (r->status == MF_RECEIPT_REJECTED && !r->reason))
                    abort();
                check_time(r->arrived);
            }
        }
    } else if (wb) {
        abort();
    }
    mf_weighbridge_free(wb);
    mf_issues_free(&is);
    return 0;
}
