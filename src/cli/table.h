/*
 * table.h - plain-text tables for the terminal: cells are UTF-8 text,
 * columns are as wide as their widest cell (counted in characters, not
 * bytes, so æøå line up), numbers are right-aligned.
 */
#ifndef MF_CLI_TABLE_H
#define MF_CLI_TABLE_H

#include <stdio.h>

struct table;

struct table *table_new(int n_cols);
void table_free(struct table *t);
/* Marks column i as right-aligned (numbers). */
void table_right(struct table *t, int col);
/* Appends a row; each cell is copied. Returns 0 or -1 (out of memory). */
int table_row(struct table *t, const char *const *cells);
/* A row from a printf-style list of cells separated by '\t'. */
int table_rowf(struct table *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Prints with the first row as the header, underlined. */
void table_print(const struct table *t, FILE *f);
/* Prints as CSV (comma-separated, RFC 4180 quoting). */
void table_print_csv(const struct table *t, FILE *f);

#endif
