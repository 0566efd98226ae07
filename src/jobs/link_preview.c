/* The link_preview job (see link_preview.h). A fetch refused (address,
 * scheme) or answered 4xx fails for good; a network error, a time-out or a
 * 5xx is retried by the queue, and marks the preview failed after the last
 * attempt. A page that is not HTML gets an empty preview. */
#include "jobs/link_preview.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"

/* Copies `s` into dst with its white space collapsed, control characters
 * dropped and at most max_chars characters (UTF-8, whole characters). */
static void clean_copy(char *dst, size_t size, const char *s, int max_chars) {
    size_t n = 0;
    int chars = 0, space = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && chars < max_chars;) {
        if (*p <= ' ' || *p == 0x7f) {
            space = n > 0;
            p++;
            continue;
        }
        size_t clen = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
        if (!clen) { /* not a lead byte: skip */
            p++;
            continue;
        }
        size_t k = 1;
        while (k < clen && (p[k] & 0xc0) == 0x80) k++;
        if (k < clen) {
            p += k;
            continue;
        }
        if (space) {
            if (n + 2 > size) break;
            dst[n++] = ' ';
            chars++;
            space = 0;
            if (chars >= max_chars) break;
        }
        if (n + clen + 1 > size) break;
        memcpy(dst + n, p, clen);
        n += clen;
        chars++;
        p += clen;
    }
    dst[n] = 0;
}

static const char *attr(xmlNode *n, const char *name) {
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (!strcasecmp((const char *)a->name, name) && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

void link_preview_parse(const char *html, size_t len, const char *base, const char *charset, struct link_preview *out) {
    memset(out, 0, sizeof *out);
    if (!html || !len || len > (size_t)FETCH_MAX_BYTES * 2) return;
    htmlDocPtr doc = htmlReadMemory(html, (int)len, base, charset && *charset ? charset : NULL,
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                                        HTML_PARSE_NOBLANKS);
    if (!doc) return;
    xmlChar *title = NULL;
    const char *og_title = NULL, *og_desc = NULL, *desc = NULL, *image = NULL;
    /* every element, in document order, without recursion */
    xmlNode *n = xmlDocGetRootElement(doc);
    int visited = 0;
    while (n && visited++ < 200000) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            if (!strcasecmp(name, "title") && !title) title = xmlNodeGetContent(n);
            else if (!strcasecmp(name, "meta")) {
                const char *prop = attr(n, "property"), *nm = attr(n, "name"), *content = attr(n, "content");
                const char *key = prop ? prop : nm;
                if (key && content) {
                    if (!strcasecmp(key, "og:title") && !og_title) og_title = content;
                    else if (!strcasecmp(key, "og:description") && !og_desc) og_desc = content;
                    else if (!strcasecmp(key, "description") && !desc) desc = content;
                    else if ((!strcasecmp(key, "og:image") || !strcasecmp(key, "og:image:url") ||
                              !strcasecmp(key, "twitter:image")) && !image)
                        image = content;
                }
            }
            if (!strcasecmp(name, "body") && title && (og_title || desc || og_desc) && image) break;
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next) n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
        if (n) n = n->next;
    }
    clean_copy(out->title, sizeof out->title, og_title ? og_title : (const char *)title, PREVIEW_TITLE_MAX);
    clean_copy(out->description, sizeof out->description, og_desc ? og_desc : desc, PREVIEW_DESCRIPTION_MAX);
    if (image && strlen(image) <= FETCH_URL_MAX) {
        char trimmed[FETCH_URL_MAX + 1];
        clean_copy(trimmed, sizeof trimmed, image, FETCH_URL_MAX);
        xmlChar *abs = xmlBuildURI((const xmlChar *)trimmed, (const xmlChar *)base);
        const char *u = (const char *)abs;
        if (u && (!strncasecmp(u, "https://", 8) || !strncasecmp(u, "http://", 7)) && strlen(u) <= FETCH_URL_MAX &&
            !strpbrk(u, " \"'<>\\"))
            snprintf(out->image, sizeof out->image, "%s", u);
        xmlFree(abs);
    }
    xmlFree(title);
    xmlFreeDoc(doc);
}

static void save(struct db *db, const char *url, const char *status, const struct link_preview *p, const char *error) {
    struct db_stmt *st = db_prep(db, "UPDATE link_previews SET status = $2, title = $3, description = $4, image_url = $5,"
                                     " error = $6, fetched_at = $7 WHERE url_key = $1");
    db_bind_text(st, 1, url);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, p ? p->title : "");
    db_bind_text(st, 4, p ? p->description : "");
    db_bind_text(st, 5, p ? p->image : "");
    db_bind_text(st, 6, error ? error : "");
    db_bind_int(st, 7, db_now());
    db_run(st);
}

static enum job_result run(struct db *db, const char *payload, int last, char *err, size_t errlen) {
    json_t *j = json_loads(payload, 0, NULL);
    const char *url = j ? json_string_value(json_object_get(j, "url")) : NULL;
    if (!url) {
        snprintf(err, errlen, "no url in the payload");
        json_decref(j);
        return JOB_FAIL;
    }
    struct fetch_result res;
    enum fetch_status fs = fetch_get(url, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1", FETCH_MAX_BYTES, &res);
    enum job_result rc;
    if (fs == FETCH_OK) {
        struct link_preview p = {0};
        if (!strcmp(res.content_type, "text/html") || !strcmp(res.content_type, "application/xhtml+xml"))
            link_preview_parse(res.body, res.len, res.final_url, res.charset, &p);
        save(db, url, "ok", &p, NULL);
        rc = JOB_DONE;
    } else {
        snprintf(err, errlen, "%s", res.error);
        int retry = fs == FETCH_FAILED || fs == FETCH_CANCELLED ||
                    (fs == FETCH_HTTP && (res.http_status >= 500 || res.http_status == 429 || res.http_status == 408));
        if (fs == FETCH_CANCELLED || (retry && !last)) rc = JOB_RETRY; /* shutdown: the queue puts it back */
        else {
            save(db, url, "failed", NULL, res.error);
            rc = JOB_FAIL;
        }
    }
    fetch_result_free(&res);
    json_decref(j);
    return rc;
}

const struct job_kind link_preview_job = {.name = "link_preview", .run = run};
