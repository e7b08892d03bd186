/*
 * status_table.c - the one table that turns library status codes into what
 * users see: the `masseflyt` program's exit status (src/cli/cmd.h names
 * them) and the server's HTTP status (src/server/problem.c uses it).
 * docs/ERRORS.md shows the same table.
 */
#include "masseflyt/error.h"

#include <stddef.h>

static const struct mf_status_info table[] = {
    {MF_OK, "ok", 0, 200, "OK"},
    {MF_EINVAL, "invalid", 3, 400, "Invalid input"},
    {MF_ERANGE, "out_of_range", 3, 400, "Value out of range"},
    {MF_ENOTFOUND, "not_found", 4, 404, "Not found"},
    {MF_EINFEASIBLE, "infeasible", 5, 422, "No feasible plan"},
    {MF_EUNBOUNDED, "unbounded", 5, 422, "Unbounded plan"},
    {MF_EIO, "io", 6, 500, "Input or output failed"},
    {MF_ESTORE, "store", 6, 503, "Storage failed"},
    {MF_EDAMAGED, "damaged", 7, 503, "The database is damaged"},
    {MF_ENOMEM, "out_of_memory", 71, 503, "Out of memory"},
    {MF_ERR, "internal", 70, 500, "Internal error"},
};

const struct mf_status_info *mf_status_info(int code)
{
    size_t i;

    for (i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].code == code)
            return &table[i];
    return &table[sizeof table / sizeof table[0] - 1];
}
