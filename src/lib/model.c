/*
 * model.c - the registry: growable arrays of records with an id index,
 * owning every string in one arena.
 *
 * Replacing a record (same id) overwrites the slot; the old strings stay in
 * the arena until the registry is freed, which is fine for the import and
 * analysis lifetimes the registry has.
 */
#include "masseflyt/model.h"

#include "util/arena.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

struct table {
    void *items;
    size_t n;
    size_t cap;
    size_t size; /* bytes per item */
    struct strmap index;
};

struct mf_registry {
    const struct mf_catalog *cat;
    struct arena arena;
    struct table t[MF_ENT_COUNT];
};

static void table_init(struct table *t, size_t size)
{
    t->items = NULL;
    t->n = 0;
    t->cap = 0;
    t->size = size;
    strmap_init(&t->index);
}

static void table_free(struct table *t)
{
    free(t->items);
    strmap_free(&t->index);
}

/* Returns a slot for id: the existing one, or a new one at the end. */
static void *table_slot(struct table *t, const char *id, int *is_new)
{
    int at = strmap_get(&t->index, id);

    if (at >= 0) {
        *is_new = 0;
        return (char *)t->items + (size_t)at * t->size;
    }
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        void *p;

        if (nc > (size_t)INT32_MAX)
            return NULL;
        p = realloc(t->items, nc * t->size);
        if (!p)
            return NULL;
        t->items = p;
        t->cap = nc;
    }
    *is_new = 1;
    return (char *)t->items + t->n * t->size;
}

static int table_commit(struct table *t, const char *id_copy)
{
    if (strmap_put(&t->index, id_copy, (int)t->n))
        return MF_ENOMEM;
    t->n++;
    return MF_OK;
}

int mf_registry_new(struct mf_registry **out, const struct mf_catalog *cat,
                    struct mf_error *err)
{
    struct mf_registry *reg = calloc(1, sizeof *reg);

    *out = NULL;
    if (!reg)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    reg->cat = cat;
    arena_init(&reg->arena, 256 * 1024);
    table_init(&reg->t[MF_ENT_ORG], sizeof(struct mf_org));
    table_init(&reg->t[MF_ENT_PROJECT], sizeof(struct mf_project));
    table_init(&reg->t[MF_ENT_SITE], sizeof(struct mf_site));
    table_init(&reg->t[MF_ENT_LOT], sizeof(struct mf_lot));
    *out = reg;
    return MF_OK;
}

void mf_registry_free(struct mf_registry *reg)
{
    int e;

    if (!reg)
        return;
    for (e = 0; e < MF_ENT_COUNT; e++)
        table_free(&reg->t[e]);
    arena_free(&reg->arena);
    free(reg);
}

const struct mf_catalog *mf_registry_catalog(const struct mf_registry *reg)
{
    return reg->cat;
}

/* Copies a string into the arena; sets *fail when memory is out. */
static const char *dup(struct mf_registry *reg, const char *s, int *fail)
{
    char *p;

    if (!s)
        return NULL;
    p = arena_strdup(&reg->arena, s);
    if (!p)
        *fail = 1;
    return p;
}

int mf_registry_put_org(struct mf_registry *reg, const struct mf_org *in)
{
    struct table *t = &reg->t[MF_ENT_ORG];
    struct mf_org o = *in;
    struct mf_org *slot;
    int is_new;
    int fail = 0;

    o.id = dup(reg, in->id, &fail);
    o.orgnr = dup(reg, in->orgnr, &fail);
    o.name = dup(reg, in->name, &fail);
    o.note = dup(reg, in->note, &fail);
    slot = fail ? NULL : table_slot(t, o.id, &is_new);
    if (!slot)
        return MF_ENOMEM;
    *slot = o;
    return is_new ? table_commit(t, o.id) : MF_OK;
}

int mf_registry_put_project(struct mf_registry *reg,
                            const struct mf_project *in)
{
    struct table *t = &reg->t[MF_ENT_PROJECT];
    struct mf_project p = *in;
    struct mf_project *slot;
    int is_new;
    int fail = 0;

    p.id = dup(reg, in->id, &fail);
    p.name = dup(reg, in->name, &fail);
    p.org = dup(reg, in->org, &fail);
    p.municipality = dup(reg, in->municipality, &fail);
    p.kind = dup(reg, in->kind, &fail);
    p.source = dup(reg, in->source, &fail);
    p.note = dup(reg, in->note, &fail);
    slot = fail ? NULL : table_slot(t, p.id, &is_new);
    if (!slot)
        return MF_ENOMEM;
    *slot = p;
    return is_new ? table_commit(t, p.id) : MF_OK;
}

int mf_registry_put_site(struct mf_registry *reg, const struct mf_site *in)
{
    struct table *t = &reg->t[MF_ENT_SITE];
    struct mf_site s = *in;
    struct mf_site *slot;
    int is_new;
    int fail = 0;

    s.id = dup(reg, in->id, &fail);
    s.name = dup(reg, in->name, &fail);
    s.org = dup(reg, in->org, &fail);
    s.project = dup(reg, in->project, &fail);
    s.municipality = dup(reg, in->municipality, &fail);
    s.source = dup(reg, in->source, &fail);
    s.note = dup(reg, in->note, &fail);
    s.materials = NULL;
    if (in->n_materials > 0) {
        size_t bytes = (size_t)in->n_materials * sizeof *s.materials;

        s.materials = arena_alloc(&reg->arena, bytes);
        if (!s.materials)
            fail = 1;
        else
            memcpy(s.materials, in->materials, bytes);
    }
    slot = fail ? NULL : table_slot(t, s.id, &is_new);
    if (!slot)
        return MF_ENOMEM;
    *slot = s;
    return is_new ? table_commit(t, s.id) : MF_OK;
}

int mf_registry_put_lot(struct mf_registry *reg, const struct mf_lot *in)
{
    struct table *t = &reg->t[MF_ENT_LOT];
    struct mf_lot l = *in;
    struct mf_lot *slot;
    int is_new;
    int fail = 0;

    l.id = dup(reg, in->id, &fail);
    l.project = dup(reg, in->project, &fail);
    l.site = dup(reg, in->site, &fail);
    l.source = dup(reg, in->source, &fail);
    l.note = dup(reg, in->note, &fail);
    slot = fail ? NULL : table_slot(t, l.id, &is_new);
    if (!slot)
        return MF_ENOMEM;
    *slot = l;
    return is_new ? table_commit(t, l.id) : MF_OK;
}

size_t mf_registry_count(const struct mf_registry *reg, enum mf_entity e)
{
    return reg->t[e].n;
}

static const void *item_at(const struct mf_registry *reg, enum mf_entity e,
                           size_t i)
{
    const struct table *t = &reg->t[e];

    if (i >= t->n)
        return NULL;
    return (const char *)t->items + i * t->size;
}

const struct mf_org *mf_registry_org_at(const struct mf_registry *reg, size_t i)
{
    return item_at(reg, MF_ENT_ORG, i);
}

const struct mf_project *mf_registry_project_at(const struct mf_registry *reg,
                                                size_t i)
{
    return item_at(reg, MF_ENT_PROJECT, i);
}

const struct mf_site *mf_registry_site_at(const struct mf_registry *reg,
                                          size_t i)
{
    return item_at(reg, MF_ENT_SITE, i);
}

const struct mf_lot *mf_registry_lot_at(const struct mf_registry *reg, size_t i)
{
    return item_at(reg, MF_ENT_LOT, i);
}

int mf_registry_index(const struct mf_registry *reg, enum mf_entity e,
                      const char *id)
{
    if (!id)
        return -1;
    return strmap_get(&reg->t[e].index, id);
}

static const void *item_by_id(const struct mf_registry *reg, enum mf_entity e,
                              const char *id)
{
    int i = mf_registry_index(reg, e, id);

    return i < 0 ? NULL : item_at(reg, e, (size_t)i);
}

const struct mf_org *mf_registry_org(const struct mf_registry *reg,
                                     const char *id)
{
    return item_by_id(reg, MF_ENT_ORG, id);
}

const struct mf_project *mf_registry_project(const struct mf_registry *reg,
                                             const char *id)
{
    return item_by_id(reg, MF_ENT_PROJECT, id);
}

const struct mf_site *mf_registry_site(const struct mf_registry *reg,
                                       const char *id)
{
    return item_by_id(reg, MF_ENT_SITE, id);
}

const struct mf_lot *mf_registry_lot(const struct mf_registry *reg,
                                     const char *id)
{
    return item_by_id(reg, MF_ENT_LOT, id);
}

const char *mf_lot_municipality(const struct mf_registry *reg,
                                const struct mf_lot *lot)
{
    const struct mf_site *s = mf_registry_site(reg, lot->site);
    const struct mf_project *p;

    if (s && s->municipality)
        return s->municipality;
    p = mf_registry_project(reg, lot->project);
    if (p && p->municipality)
        return p->municipality;
    if (s && s->project) {
        p = mf_registry_project(reg, s->project);
        if (p)
            return p->municipality;
    }
    return NULL;
}
