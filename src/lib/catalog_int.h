/*
 * catalog_int.h - the catalogue's insides, shared by catalog.c and the
 * rule checks in validate.c.
 */
#ifndef MF_CATALOG_INT_H
#define MF_CATALOG_INT_H

#include "masseflyt/model.h"
#include "masseflyt/validate.h"

#include "geo/area.h"
#include "util/arena.h"
#include "util/strmap.h"

struct mf_catalog {
    char *dir;
    struct arena arena;
    struct mf_material *materials;
    int n_materials;
    struct strmap material_index;
    struct mf_use *uses;
    int n_uses;
    struct strmap use_index;
    unsigned char *compat; /* n_materials x n_uses ranks */
    struct mf_rule *rules;
    int *rule_check; /* per rule: the index of its check in validate.c */
    int n_rules;
    struct area *norway;
    int32_t today; /* mf_catalog_set_today; MF_DATE_NONE = the clock's */
};

/* The index of the check of this name in validate.c, or -1. */
int validate_check_index(const char *check);

#endif
