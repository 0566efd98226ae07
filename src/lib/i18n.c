/* Translations: a small gettext .po parser filling one open-addressing
 * (FNV-1a) hash table per language, plural rules, and Accept-Language
 * negotiation. Tables are built once at start-up and only read afterwards. */
#include "lib/i18n.h"

#include "lib/embedded.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct entry {
    const char *key;    /* msgid, or msgctxt "\004" msgid */
    const char *str[2]; /* msgstr, or msgstr[0] and msgstr[1]; NULL if absent */
    uint32_t hash;
    int plural;
};

struct table {
    char *pool; /* every unescaped string of the file, back to back */
    struct entry *entries;
    size_t count, cap;
    uint32_t *slots; /* index + 1 into entries, 0 when empty; load <= 1/2 */
    size_t mask;
};

static struct table tables[LANG__MAX];
static const char *const codes[LANG__MAX] = {"en", "fr"};
static const char *const files[LANG__MAX] = {"locale/en.po", "locale/fr.po"};

enum field { F_NONE, F_CTXT, F_ID, F_PLURAL, F_STR };

struct parser {
    const char *name;
    struct table *t;
    size_t len, pool_cap; /* bytes used in / size of t->pool */
    int line, entry_line;
    /* the entry being read */
    const char *ctxt, *id, *plural, *str[2];
    int has_str, fuzzy;
    enum field last; /* what a continuation line ("...") extends */
};

static uint32_t fnv1a(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

__attribute__((format(printf, 3, 4))) static int fail(const struct parser *p, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (line > 0) fprintf(stderr, "%s:%d: ", p->name, line);
    else fprintf(stderr, "%s: ", p->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return -1;
}

static void table_free(struct table *t) {
    free(t->pool);
    free(t->entries);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* The slot holding `key`, or the empty slot where it belongs. */
static size_t slot(const struct table *t, const char *key, uint32_t h) {
    size_t i = h & t->mask;
    for (; t->slots[i]; i = (i + 1) & t->mask) {
        const struct entry *e = &t->entries[t->slots[i] - 1];
        if (e->hash == h && strcmp(e->key, key) == 0) break;
    }
    return i;
}

static const struct entry *find(enum lang l, const char *key) {
    if ((unsigned)l >= LANG__MAX || !key || !tables[l].slots) return NULL;
    const struct table *t = &tables[l];
    uint32_t i = t->slots[slot(t, key, fnv1a(key))];
    return i ? &t->entries[i - 1] : NULL;
}

static int insert(struct parser *p) {
    struct table *t = p->t;
    if ((t->count + 1) * 2 > t->mask + 1) { /* grow and rehash */
        size_t n = t->slots ? (t->mask + 1) * 2 : 16;
        uint32_t *slots = calloc(n, sizeof *slots);
        if (!slots) return fail(p, p->entry_line, "out of memory");
        free(t->slots);
        t->slots = slots;
        t->mask = n - 1;
        for (size_t k = 0; k < t->count; k++)
            slots[slot(t, t->entries[k].key, t->entries[k].hash)] = (uint32_t)k + 1;
    }
    if (t->count == t->cap) {
        size_t n = t->cap ? t->cap * 2 : 16;
        struct entry *e = realloc(t->entries, n * sizeof *e);
        if (!e) return fail(p, p->entry_line, "out of memory");
        t->entries = e;
        t->cap = n;
    }
    uint32_t h = fnv1a(p->id);
    size_t i = slot(t, p->id, h);
    if (t->slots[i]) return fail(p, p->entry_line, "duplicate msgid \"%s\"", p->id);
    t->entries[t->count] = (struct entry){p->id, {p->str[0], p->str[1]}, h, p->plural != NULL};
    t->slots[i] = (uint32_t)++t->count;
    return 0;
}

/* Ends the entry being read: stores it unless it is the header, fuzzy or
 * untranslated. */
static int flush(struct parser *p) {
    int rc = 0;
    if (p->ctxt && !p->id) rc = fail(p, p->entry_line, "msgctxt without msgid");
    else if (p->id && !p->has_str) rc = fail(p, p->entry_line, "msgid without msgstr");
    else if (p->id && *p->id && !p->fuzzy && ((p->str[0] && *p->str[0]) || (p->str[1] && *p->str[1])))
        rc = insert(p);
    p->ctxt = p->id = p->plural = p->str[0] = p->str[1] = NULL;
    p->has_str = p->fuzzy = 0;
    p->last = F_NONE;
    return rc;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Appends the unescaped quoted string at [s, e) (one line) to the pool, then
 * a NUL. */
static int read_string(struct parser *p, const char *s, const char *e) {
    while (s < e && is_space(*s)) s++;
    if (s == e || *s != '"') return fail(p, p->line, "expected a quoted string");
    for (s++; s < e && *s != '"'; s++) {
        char c = *s;
        if (c == '\\') {
            if (++s == e) break;
            switch (*s) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '"':
            case '\\': c = *s; break;
            default: return fail(p, p->line, "unknown escape \\%c", *s);
            }
        }
        if (p->len + 1 >= p->pool_cap) return fail(p, p->line, "string too long");
        p->t->pool[p->len++] = c;
    }
    if (s >= e) return fail(p, p->line, "unterminated string");
    for (s++; s < e; s++)
        if (!is_space(*s)) return fail(p, p->line, "unexpected text after the string");
    if (p->len >= p->pool_cap) return fail(p, p->line, "string too long");
    p->t->pool[p->len++] = '\0';
    return 0;
}

/* Reads a string starting a new field; returns it through `out`. */
static int field(struct parser *p, enum field f, const char **out, const char *s, const char *e) {
    *out = p->t->pool + p->len;
    p->last = f;
    return read_string(p, s, e);
}

static int parse_line(struct parser *p, const char *s, const char *e) {
    while (s < e && is_space(*s)) s++;
    while (e > s && (is_space(e[-1]) || e[-1] == '\r')) e--;
    if (s == e || *s == '#') { /* a blank line or comment ends an entry */
        if (p->has_str && flush(p)) return -1;
        p->last = F_NONE;
        if (e - s > 2 && s[1] == ',') /* flags: "#, fuzzy, c-format" */
            for (const char *f = s + 2; f < e;) {
                while (f < e && (is_space(*f) || *f == ',')) f++;
                const char *w = f;
                while (f < e && !is_space(*f) && *f != ',') f++;
                if (f - w == 5 && memcmp(w, "fuzzy", 5) == 0) p->fuzzy = 1;
            }
        return 0;
    }
    if (*s == '"') { /* continuation: extends the last string in the pool */
        if (p->last == F_NONE) return fail(p, p->line, "string without a keyword");
        p->len--;
        return read_string(p, s, e);
    }
    const char *k = s;
    while (s < e && ((*s >= 'a' && *s <= 'z') || *s == '_')) s++;
    size_t n = (size_t)(s - k);
    int idx = -1;
    if (n == 6 && memcmp(k, "msgstr", 6) == 0 && s < e && *s == '[') {
        idx = 0;
        for (s++; s < e && *s >= '0' && *s <= '9' && idx < 100; s++) idx = idx * 10 + (*s - '0');
        if (s == e || *s != ']' || s[-1] == '[') return fail(p, p->line, "bad msgstr index");
        s++;
    }
    if (n == 7 && memcmp(k, "msgctxt", 7) == 0) {
        if (p->has_str && flush(p)) return -1;
        if (p->ctxt || p->id) return fail(p, p->line, "msgctxt inside an entry");
        p->entry_line = p->line;
        return field(p, F_CTXT, &p->ctxt, s, e);
    }
    if (n == 5 && memcmp(k, "msgid", 5) == 0) {
        if (p->has_str && flush(p)) return -1;
        if (p->id) return fail(p, p->entry_line, "msgid without msgstr");
        if (!p->ctxt) {
            p->entry_line = p->line;
            return field(p, F_ID, &p->id, s, e);
        }
        if (p->last != F_CTXT) return fail(p, p->line, "msgctxt must come just before msgid");
        p->t->pool[p->len - 1] = '\004'; /* the key is msgctxt "\004" msgid */
        p->last = F_ID;
        p->id = p->ctxt;
        return read_string(p, s, e);
    }
    int is_plural = n == 12 && memcmp(k, "msgid_plural", 12) == 0;
    if (!is_plural && (n != 6 || memcmp(k, "msgstr", 6) != 0)) {
        for (n = 0; k + n < e && !is_space(k[n]) && k[n] != '"'; n++) {}
        return fail(p, p->line, "unknown keyword \"%.*s\"", (int)n, k);
    }
    if (!p->id) return fail(p, p->line, "%.*s without msgid", (int)n, k);
    if (is_plural) {
        if (p->plural || p->has_str) return fail(p, p->line, "misplaced msgid_plural");
        return field(p, F_PLURAL, &p->plural, s, e);
    }
    if ((idx >= 0) != (p->plural != NULL))
        return fail(p, p->line, p->plural ? "msgid_plural needs msgstr[N]" : "msgstr[N] needs msgid_plural");
    const char *ignored = NULL, **out = idx < 0 ? &p->str[0] : idx < 2 ? &p->str[idx] : &ignored;
    if (*out) return fail(p, p->line, "duplicate msgstr");
    p->has_str = 1;
    return field(p, F_STR, out, s, e);
}

int i18n_load(enum lang l, const char *name, const char *data, size_t size) {
    if ((unsigned)l >= LANG__MAX) return -1;
    struct table *t = &tables[l];
    table_free(t);
    if (!data) data = "", size = 0;
    struct parser p = {.name = name ? name : "?", .t = t, .pool_cap = size + 2};
    const char *nul = memchr(data, '\0', size);
    if (nul) {
        for (const char *c = data; c < nul; c++) p.line += *c == '\n';
        return fail(&p, p.line + 1, "NUL byte");
    }
    /* No string unescapes to more bytes than its quotes and text take. */
    if (!(t->pool = malloc(p.pool_cap))) return fail(&p, 0, "out of memory");
    const char *s = data, *end = data + size;
    if (size >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3; /* BOM */
    int rc = 0;
    while (s < end && rc == 0) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        p.line++;
        rc = parse_line(&p, s, nl ? nl : end);
        s = nl ? nl + 1 : end;
    }
    if (rc == 0) rc = flush(&p);
    if (rc) table_free(t);
    return rc;
}

int i18n_init(void) {
    i18n_shutdown();
    for (int l = 0; l < LANG__MAX; l++) {
        const struct embedded_file *f = embedded_find(files[l]);
        if (!f) fprintf(stderr, "%s: not embedded in the binary\n", files[l]);
        if (!f || i18n_load((enum lang)l, files[l], (const char *)f->data, (size_t)f->size)) {
            i18n_shutdown();
            return -1;
        }
    }
    return 0;
}

void i18n_shutdown(void) {
    for (int l = 0; l < LANG__MAX; l++) table_free(&tables[l]);
}

const char *i18n_get(enum lang l, const char *msgid) {
    const struct entry *e = find(l, msgid);
    return e && e->str[0] && *e->str[0] ? e->str[0] : msgid;
}

const char *i18n_nget(enum lang l, const char *msgid, const char *msgid_plural, long n) {
    int form = l == LANG_FR ? n > 1 : n != 1;
    const struct entry *e = find(l, msgid);
    if (e && e->plural && e->str[form] && *e->str[form]) return e->str[form];
    return n != 1 && msgid_plural ? msgid_plural : msgid;
}

/* Accept-Language ------------------------------------------------------- */

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* One list element at [s, e): language-range [ OWS ";" OWS "q=" qvalue ].
 * Sets *lang (LANG__MAX for "*", -1 for another language) and *q (0-1000);
 * returns 0, or -1 when malformed. */
static int parse_range(const char *s, const char *e, int *lang, int *q) {
    while (s < e && is_space(*s)) s++;
    while (e > s && is_space(e[-1])) e--;
    const char *tag = s;
    int n = 0;
    if (s < e && *s == '*') s++;
    else {
        while (s < e && is_alpha(*s) && n < 9) s++, n++;
        if (n < 1 || n > 8) return -1;
        while (s < e && *s == '-') {
            int m = 0;
            for (s++; s < e && (is_alpha(*s) || is_digit(*s)) && m < 9; s++) m++;
            if (m < 1 || m > 8) return -1;
        }
    }
    *lang = *tag == '*' ? LANG__MAX : -1;
    for (int l = 0; n == 2 && l < LANG__MAX; l++)
        if (strncasecmp(tag, codes[l], 2) == 0) *lang = l;
    *q = 1000;
    while (s < e && is_space(*s)) s++;
    if (s == e) return 0;
    if (*s++ != ';') return -1;
    while (s < e && is_space(*s)) s++;
    if (e - s < 3 || (*s != 'q' && *s != 'Q') || s[1] != '=') return -1;
    s += 2;
    char first = *s++;
    if (first != '0' && first != '1') return -1;
    *q = first == '1' ? 1000 : 0;
    if (s < e && *s == '.')
        for (int scale = 100, k = 0; ++s < e && k < 3; k++, scale /= 10) {
            if (!is_digit(*s) || (first == '1' && *s != '0')) return -1;
            *q += (*s - '0') * scale;
        }
    return s == e ? 0 : -1;
}

enum lang i18n_negotiate(const char *accept_language) {
    int q[LANG__MAX + 1];       /* best q per language, then "*"; -1 if absent */
    size_t pos[LANG__MAX + 1]; /* index of the first element naming it */
    for (int l = 0; l <= LANG__MAX; l++) q[l] = -1, pos[l] = SIZE_MAX;
    const char *s = accept_language;
    for (size_t i = 0; s && *s; i++) {
        const char *e = strchr(s, ',');
        if (!e) e = s + strlen(s);
        int lang, qv;
        if (parse_range(s, e, &lang, &qv) == 0 && lang >= 0) {
            if (qv > q[lang]) q[lang] = qv;
            if (pos[lang] == SIZE_MAX) pos[lang] = i;
        }
        s = *e ? e + 1 : e;
    }
    enum lang best = LANG_EN;
    int best_q = 0;
    size_t best_pos = SIZE_MAX;
    for (int l = 0; l < LANG__MAX; l++) {
        int named = q[l] >= 0, lq = named ? q[l] : q[LANG__MAX];
        size_t lp = named ? pos[l] : pos[LANG__MAX];
        if (lq > best_q || (lq == best_q && lq > 0 && lp < best_pos))
            best = (enum lang)l, best_q = lq, best_pos = lp;
    }
    return best;
}

enum lang i18n_parse(const char *code) {
    for (int l = 0; code && l < LANG__MAX; l++)
        if (strcasecmp(code, codes[l]) == 0) return (enum lang)l;
    return LANG__MAX;
}

const char *i18n_code(enum lang l) { return (unsigned)l < LANG__MAX ? codes[l] : codes[LANG_EN]; }
