/*
 * model.c - the registry: growable arrays of records with an id index,
 * owning every string in one arena. Records are copied in by the schema's
 * deep copy (schema.h), so a new field needs nothing here.
 *
 * Replacing a record (same id) overwrites the slot; the old strings stay in
 * the arena until the registry is freed, which is fine for the import and
 * analysis lifetimes the registry has.
 */
#include "masseflyt/model.h"

#include "masseflyt/schema.h"
#include "util/arena.h"
#include "util/assert.h"
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

static void *arena_take(void *ctx, size_t bytes)
{
    return arena_alloc(ctx, bytes);
}

int mf_registry_put(struct mf_registry *reg, enum mf_entity e, const void *in)
{
    struct table *t = &reg->t[e];
    union mf_record copy;
    const char *id;
    void *slot;
    int is_new;

    MF_ASSERT_ARG((unsigned)e < MF_ENT_COUNT && in);
    if (mf_record_copy(e, &copy, in, arena_take, &reg->arena))
        return MF_ENOMEM;
    /* Every record starts with its id (schema.h). */
    id = copy.org.id;
    slot = table_slot(t, id, &is_new);
    if (!slot)
        return MF_ENOMEM;
    memcpy(slot, &copy, t->size);
    return is_new ? table_commit(t, id) : MF_OK;
}

int mf_registry_put_org(struct mf_registry *reg, const struct mf_org *in)
{
    return mf_registry_put(reg, MF_ENT_ORG, in);
}

int mf_registry_put_project(struct mf_registry *reg,
                            const struct mf_project *in)
{
    return mf_registry_put(reg, MF_ENT_PROJECT, in);
}

int mf_registry_put_site(struct mf_registry *reg, const struct mf_site *in)
{
    return mf_registry_put(reg, MF_ENT_SITE, in);
}

int mf_registry_put_lot(struct mf_registry *reg, const struct mf_lot *in)
{
    return mf_registry_put(reg, MF_ENT_LOT, in);
}

size_t mf_registry_count(const struct mf_registry *reg, enum mf_entity e)
{
    return reg->t[e].n;
}

const void *mf_registry_at(const struct mf_registry *reg, enum mf_entity e,
                           size_t i)
{
    const struct table *t = &reg->t[e];

    if (i >= t->n)
        return NULL;
    return (const char *)t->items + i * t->size;
}

const struct mf_org *mf_registry_org_at(const struct mf_registry *reg, size_t i)
{
    return mf_registry_at(reg, MF_ENT_ORG, i);
}

const struct mf_project *mf_registry_project_at(const struct mf_registry *reg,
                                                size_t i)
{
    return mf_registry_at(reg, MF_ENT_PROJECT, i);
}

const struct mf_site *mf_registry_site_at(const struct mf_registry *reg,
                                          size_t i)
{
    return mf_registry_at(reg, MF_ENT_SITE, i);
}

const struct mf_lot *mf_registry_lot_at(const struct mf_registry *reg, size_t i)
{
    return mf_registry_at(reg, MF_ENT_LOT, i);
}

int mf_registry_index(const struct mf_registry *reg, enum mf_entity e,
                      const char *id)
{
    if (!id)
        return -1;
    return strmap_get(&reg->t[e].index, id);
}

const void *mf_registry_get(const struct mf_registry *reg, enum mf_entity e,
                            const char *id)
{
    int i = mf_registry_index(reg, e, id);

    return i < 0 ? NULL : mf_registry_at(reg, e, (size_t)i);
}

const struct mf_org *mf_registry_org(const struct mf_registry *reg,
                                     const char *id)
{
    return mf_registry_get(reg, MF_ENT_ORG, id);
}

const struct mf_project *mf_registry_project(const struct mf_registry *reg,
                                             const char *id)
{
    return mf_registry_get(reg, MF_ENT_PROJECT, id);
}

const struct mf_site *mf_registry_site(const struct mf_registry *reg,
                                       const char *id)
{
    return mf_registry_get(reg, MF_ENT_SITE, id);
}

const struct mf_lot *mf_registry_lot(const struct mf_registry *reg,
                                     const char *id)
{
    return mf_registry_get(reg, MF_ENT_LOT, id);
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
