/* Fuzzes JSON request bodies as the API reads them: jansson with
 * JSON_REJECT_DUPLICATES the way the pipeline parses them
 * (http/pipeline.c), then the item body reader of POST /api/v1/items and
 * PATCH /api/v1/items/{id} (api/items.c api_item_input: known fields,
 * types, tags, space, draft) and its problem+json answers. A refusal must
 * be a 400 with a JSON problem; an acceptance must have a type on create. */
#include <jansson.h>

#include "api/api.h"
#include "core/items.h"
#include "fuzz.h"

static void one(json_t *body, const char *existing) {
    struct req r = {0};
    r.path = "/api/v1/items";
    r.json = body;
    struct item_input in = {0};
    int rc = api_item_input(&r, &in, existing);
    if (rc && rc != 400) abort();
    if (rc) {
        json_t *p = json_loadb(r.out.data, r.out.len, 0, NULL);
        if (!p || !json_is_integer(json_object_get(p, "status"))) abort();
        json_decref(p);
    } else {
        if (!existing && !in.type) abort();
        for (int i = 0; i < in.ntags; i++)
            if (!in.tags[i]) abort();
    }
    buf_free(&r.out);
    arena_free(&r.arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 20) return 0; /* max_body */
    json_error_t err;
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
    if (!body) return 0;
    if (json_is_object(body)) {
        one(body, NULL);
        one(body, "wiki");
        one(body, "poll");
    }
    json_decref(body);
    return 0;
}
