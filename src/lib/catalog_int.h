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
    int n_rules;
    struct area *norway;
};

/* 1 when validate.c implements a check of this name. */
int validate_check_known(const char *check);

#endif
